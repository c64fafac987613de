CREATE TABLE `telegram_topics` (
	`ticket_id` integer PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`thread_id` integer NOT NULL,
	`closed` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `telegram_topics_thread` ON `telegram_topics` (`chat_id`,`thread_id`);--> statement-breakpoint
CREATE TABLE `whatsapp_auth` (
	`category` text NOT NULL,
	`id` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`category`, `id`)
);

CREATE TABLE `web_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`direction` text NOT NULL,
	`text` text NOT NULL,
	`choices` text,
	`files` text,
	`client_id` text,
	`outbox_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `web_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `web_messages_session` ON `web_messages` (`session_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `web_messages_client` ON `web_messages` (`session_id`,`client_id`) WHERE "web_messages"."client_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `web_messages_outbox` ON `web_messages` (`outbox_id`) WHERE "web_messages"."outbox_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `contacts` ADD `email` text;
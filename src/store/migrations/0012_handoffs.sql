CREATE TABLE `handoffs` (
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`ticket_id` integer NOT NULL,
	`staff_at` integer NOT NULL,
	`active_at` integer NOT NULL,
	PRIMARY KEY(`channel`, `chat_id`, `ticket_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `handoffs_ticket` ON `handoffs` (`ticket_id`);
CREATE TABLE `announcements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `announcements_created` ON `announcements` (`created_at`);--> statement-breakpoint
CREATE TABLE `ticket_tokens` (
	`token` text PRIMARY KEY NOT NULL,
	`ticket_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_tokens_ticket` ON `ticket_tokens` (`ticket_id`);
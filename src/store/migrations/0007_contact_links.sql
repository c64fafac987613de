CREATE TABLE `link_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`contact_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `link_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `link_failures_contact` ON `link_failures` (`contact_id`,`at`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `person_id` integer;--> statement-breakpoint
CREATE INDEX `contacts_person` ON `contacts` (`person_id`);
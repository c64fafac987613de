CREATE TABLE `incident_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`staff_id` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_events_incident` ON `incident_events` (`incident_id`,`id`);--> statement-breakpoint
CREATE TABLE `incident_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system` text NOT NULL,
	`contact_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_reports_system_at` ON `incident_reports` (`system`,`at`);--> statement-breakpoint
CREATE TABLE `incident_surges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`system` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	`reporters` integer NOT NULL,
	`incident_id` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_surges_system` ON `incident_surges` (`system`,`last_at`);--> statement-breakpoint
CREATE TABLE `incident_tickets` (
	`incident_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`incident_id`, `ticket_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_tickets_ticket` ON `incident_tickets` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `incident_users` (
	`incident_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`incident_id`, `contact_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`system` text NOT NULL,
	`owner` text NOT NULL,
	`status` text NOT NULL,
	`external_ref` text,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`resolution` text,
	`opened_by_staff_id` integer,
	FOREIGN KEY (`opened_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incidents_status` ON `incidents` (`status`,`system`);--> statement-breakpoint
CREATE INDEX `incidents_started` ON `incidents` (`started_at`);
ALTER TABLE `outbox` ADD `ticket_title` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `ticket_closed` integer;
ALTER TABLE `outbox` ADD `ticket_id` integer;--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`channel`,`chat_id`,`id`);--> statement-breakpoint
ALTER TABLE `tickets` ADD `waiting_since` integer;
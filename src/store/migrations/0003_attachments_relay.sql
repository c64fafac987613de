ALTER TABLE `outbox` ADD `attachments` text;--> statement-breakpoint
ALTER TABLE `ticket_attachments` ADD `message_ref` text;--> statement-breakpoint
ALTER TABLE `ticket_attachments` ADD `chat_ref` text;
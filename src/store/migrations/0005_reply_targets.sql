ALTER TABLE `outbox` ADD `reply_target` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Notices queued before this column existed stay answerable by reply.
UPDATE `outbox` SET `reply_target` = 1 WHERE `ticket_id` IS NOT NULL;
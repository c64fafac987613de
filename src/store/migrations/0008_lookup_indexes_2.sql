CREATE INDEX `faq_feedback_created` ON `faq_feedback` (`created_at`);--> statement-breakpoint
CREATE INDEX `inbound_chat` ON `inbound_messages` (`channel`,`chat_id`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_chat_pending` ON `outbox` (`channel`,`chat_id`,`id`) WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `ticket_attachments_ticket` ON `ticket_attachments` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `unmatched_questions_created` ON `unmatched_questions` (`created_at`);
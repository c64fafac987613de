CREATE INDEX `contacts_phone` ON `contacts` (`channel`,`phone`);--> statement-breakpoint
CREATE INDEX `outbox_sent_ref` ON `outbox` (`channel`,`sent_ref`);
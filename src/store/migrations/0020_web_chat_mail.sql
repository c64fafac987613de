ALTER TABLE `web_sessions` ADD `seen_through` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `web_sessions` ADD `mailed_through` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written (drizzle-kit generates no data changes): what the conversations held before this
-- migration counts as already mailed, so turning the mail on never mails old replies.
UPDATE `web_sessions` SET `mailed_through` = coalesce((SELECT max(`id`) FROM `web_messages` WHERE `web_messages`.`session_id` = `web_sessions`.`id`), 0);

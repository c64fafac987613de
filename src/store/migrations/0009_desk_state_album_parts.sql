CREATE TABLE `desk_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `telegram_album_parts` (
	`chat_id` text NOT NULL,
	`message_id` integer NOT NULL,
	`media_group_id` text NOT NULL,
	`update_id` integer NOT NULL,
	`message` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`chat_id`, `message_id`)
);
--> statement-breakpoint
CREATE INDEX `telegram_album_parts_group` ON `telegram_album_parts` (`chat_id`,`media_group_id`);
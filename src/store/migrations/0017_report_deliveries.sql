CREATE TABLE `report_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`reason` text NOT NULL,
	`dedupe_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`requested_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `report_deliveries_status` ON `report_deliveries` (`status`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `report_deliveries_dedupe` ON `report_deliveries` (`dedupe_key`) WHERE "report_deliveries"."dedupe_key" IS NOT NULL;
CREATE TABLE `survey_answers` (
	`response_id` integer NOT NULL,
	`item_code` text NOT NULL,
	`performance` integer,
	`importance` integer,
	PRIMARY KEY(`response_id`, `item_code`)
);
--> statement-breakpoint
CREATE TABLE `survey_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`rows` integer NOT NULL,
	`imported_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_imports_sha256` ON `survey_imports` (`sha256`);--> statement-breakpoint
CREATE TABLE `survey_invitations` (
	`period` text NOT NULL,
	`respondent` text NOT NULL,
	`reason` text NOT NULL,
	`invited_at` integer NOT NULL,
	PRIMARY KEY(`period`, `respondent`)
);
--> statement-breakpoint
CREATE TABLE `survey_responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`respondent` text NOT NULL,
	`source` text NOT NULL,
	`import_id` integer,
	`profile` text NOT NULL,
	`complete` integer DEFAULT false NOT NULL,
	`answered_on` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `survey_responses_period_respondent` ON `survey_responses` (`period`,`respondent`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `files` text;
CREATE TABLE `agenda_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`source` text DEFAULT 'added' NOT NULL,
	`source_ref` text,
	`created_by` integer,
	`handled_at` integer,
	`handled_by` integer,
	`handled_note` text,
	`dropped_at` integer,
	`dropped_by` integer,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dropped_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agenda_items_team_seq` ON `agenda_items` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `agenda_items_team_created` ON `agenda_items` (`team_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `calendar_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `calendar_days_team_end` ON `calendar_days` (`team_id`,`end_date`);--> statement-breakpoint
CREATE TABLE `checkin_questions` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`questions` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meeting_schedules` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`weekday` integer NOT NULL,
	`time` text NOT NULL,
	`zone` text NOT NULL,
	`every_weeks` integer DEFAULT 1 NOT NULL,
	`minutes` integer DEFAULT 60 NOT NULL,
	`anchor_date` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`agenda_posted_at` integer,
	`recap_draft_sent_at` integer,
	`recap_text` text,
	`recap_posted_at` integer,
	`recap_posted_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recap_posted_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_team_date` ON `meetings` (`team_id`,`date`);--> statement-breakpoint
CREATE INDEX `meetings_team_starts` ON `meetings` (`team_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `nudge_opt_outs` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`team_id` integer NOT NULL,
	`off_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `team_calendars` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`workweek` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `checkin_runs` ADD `questions` text;--> statement-breakpoint
ALTER TABLE `checkin_schedules` ADD `weekdays` text;--> statement-breakpoint
ALTER TABLE `checkin_schedules` ADD `every_weeks` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `checkin_schedules` ADD `anchor` text;
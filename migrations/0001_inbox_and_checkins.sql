CREATE TABLE `checkin_members` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`team_id` integer NOT NULL,
	`away_until` text,
	`away_tz` text,
	`skip_date` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `checkin_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`run_key` text NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`started_at` integer NOT NULL,
	`started_by` integer,
	`digest_at` integer,
	`digest_posted_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkin_runs_team_key` ON `checkin_runs` (`team_id`,`run_key`);--> statement-breakpoint
CREATE INDEX `checkin_runs_team_started` ON `checkin_runs` (`team_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `checkin_schedules` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`weekday` integer NOT NULL,
	`time` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`due_at` integer NOT NULL,
	`sent_at` integer,
	`reminded_at` integer,
	`answered_at` integer,
	`answers` text,
	FOREIGN KEY (`run_id`) REFERENCES `checkin_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_run_member` ON `checkins` (`run_id`,`member_id`);--> statement-breakpoint
CREATE INDEX `checkins_member_status` ON `checkins` (`member_id`,`status`);--> statement-breakpoint
CREATE INDEX `checkins_team_due` ON `checkins` (`team_id`,`due_at`);--> statement-breakpoint
CREATE TABLE `inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`invocation` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`received_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_key` ON `inbox` (`key`);--> statement-breakpoint
CREATE INDEX `inbox_status_id` ON `inbox` (`status`,`id`);
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
CREATE TABLE `disagreement_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`disagreement_id` integer NOT NULL,
	`round` integer NOT NULL,
	`kind` text NOT NULL,
	`member_id` integer NOT NULL,
	`data` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`disagreement_id`) REFERENCES `disagreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disagreement_entries_one` ON `disagreement_entries` (`disagreement_id`,`round`,`kind`,`member_id`);--> statement-breakpoint
CREATE TABLE `disagreement_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`disagreement_id` integer NOT NULL,
	`from_state` text NOT NULL,
	`to_state` text NOT NULL,
	`event` text NOT NULL,
	`by` integer,
	`round` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`disagreement_id`) REFERENCES `disagreements`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `disagreement_steps_disagreement` ON `disagreement_steps` (`disagreement_id`);--> statement-breakpoint
CREATE TABLE `disagreements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`topic` text NOT NULL,
	`state` text NOT NULL,
	`stalled` text,
	`round` integer DEFAULT 1 NOT NULL,
	`parties` text NOT NULL,
	`facilitator_id` integer NOT NULL,
	`escalated_to` integer,
	`terms` text NOT NULL,
	`deadline` integer,
	`decision_seq` integer,
	`decided_at` integer,
	`ended_at` integer,
	`end_reason` text,
	`flagged_by` integer NOT NULL,
	`line_key` text NOT NULL,
	`line_channel_id` text NOT NULL,
	`source_channel_id` text,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`facilitator_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`escalated_to`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`flagged_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `disagreements_team_seq` ON `disagreements` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `disagreements_team_state` ON `disagreements` (`team_id`,`state`);--> statement-breakpoint
CREATE INDEX `disagreements_team_created` ON `disagreements` (`team_id`,`created_at`);--> statement-breakpoint
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
CREATE INDEX `inbox_status_id` ON `inbox` (`status`,`id`);--> statement-breakpoint
DROP INDEX `outbox_dest_status`;--> statement-breakpoint
CREATE INDEX `outbox_unsent` ON `outbox` (`dest_key`,`id`) WHERE status in ('pending', 'sending');
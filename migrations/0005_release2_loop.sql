CREATE TABLE `broadcast_settings` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`each` integer DEFAULT true NOT NULL,
	`bulletin_weekday` integer,
	`bulletin_time` text,
	`bulletin_zone` text,
	`bulletin_covered_until` integer,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `checkin_pulses` (
	`checkin_id` integer PRIMARY KEY NOT NULL,
	`run_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`score` integer NOT NULL,
	FOREIGN KEY (`checkin_id`) REFERENCES `checkins`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `checkin_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `checkin_pulses_run` ON `checkin_pulses` (`run_id`);--> statement-breakpoint
CREATE TABLE `quiet_held` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`ref` text,
	`message` text NOT NULL,
	`held_at` integer NOT NULL,
	`rolled_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `quiet_held_team_rolled` ON `quiet_held` (`team_id`,`rolled_at`);--> statement-breakpoint
CREATE TABLE `quiet_settings` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`mode` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `workspace_leases` (
	`workspace_id` integer PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`until` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `checkin_runs` ADD `pulse` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `decisions_team_decided` ON `decisions` (`team_id`,`decided_at`);
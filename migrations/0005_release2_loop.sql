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
ALTER TABLE `checkin_runs` ADD `pulse` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `decisions_team_decided` ON `decisions` (`team_id`,`decided_at`);
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
CREATE TABLE `team_calendars` (
	`team_id` integer PRIMARY KEY NOT NULL,
	`workweek` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `checkin_schedules` ADD `weekdays` text;--> statement-breakpoint
ALTER TABLE `checkin_schedules` ADD `every_weeks` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `checkin_schedules` ADD `anchor` text;
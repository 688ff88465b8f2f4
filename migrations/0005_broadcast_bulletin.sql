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

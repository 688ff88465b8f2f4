CREATE TABLE `goal_progress` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`goal_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`value` real NOT NULL,
	`source` text,
	`note` text,
	`recorded_by` integer NOT NULL,
	`verified_by` integer,
	`verified_at` integer,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`goal_id`) REFERENCES `goals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `goal_progress_goal_created` ON `goal_progress` (`goal_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `goal_progress_team_created` ON `goal_progress` (`team_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `record_edits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`ref` text NOT NULL,
	`field` text NOT NULL,
	`old_value` text,
	`new_value` text,
	`by` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `record_edits_team_ref` ON `record_edits` (`team_id`,`ref`);--> statement-breakpoint
ALTER TABLE `blockers` ADD `dropped_at` integer;--> statement-breakpoint
ALTER TABLE `blockers` ADD `dropped_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `blockers` ADD `drop_reason` text;--> statement-breakpoint
ALTER TABLE `commitments` ADD `assignment` text;--> statement-breakpoint
ALTER TABLE `goals` ADD `measure` text;--> statement-breakpoint
ALTER TABLE `goals` ADD `baseline` real;--> statement-breakpoint
ALTER TABLE `goals` ADD `target` real;--> statement-breakpoint
ALTER TABLE `goals` ADD `due_date` text;--> statement-breakpoint
ALTER TABLE `goals` ADD `due_tz` text;--> statement-breakpoint
ALTER TABLE `goals` ADD `due_at` integer;--> statement-breakpoint
ALTER TABLE `goals` ADD `owner_id` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `goals` ADD `status` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `goals` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `goals` ADD `closed_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `goals` ADD `close_note` text;--> statement-breakpoint
ALTER TABLE `updates` ADD `dropped_at` integer;--> statement-breakpoint
ALTER TABLE `updates` ADD `dropped_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `updates` ADD `drop_reason` text;
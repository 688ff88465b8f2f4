CREATE TABLE `decision_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`kind` text NOT NULL,
	`from_due` text,
	`to_due` text,
	`by` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `decision_events_team_kind_at` ON `decision_events` (`team_id`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `decision_votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`decision_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`vote` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`decision_id`) REFERENCES `decisions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decision_votes_decision_member` ON `decision_votes` (`decision_id`,`member_id`);--> statement-breakpoint
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
CREATE TABLE `page_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hash` text NOT NULL,
	`team_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `page_tokens_hash` ON `page_tokens` (`hash`);--> statement-breakpoint
CREATE INDEX `page_tokens_team_member` ON `page_tokens` (`team_id`,`member_id`);--> statement-breakpoint
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
ALTER TABLE `decisions` ADD `status` text DEFAULT 'decided' NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `window_ends_at` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `decided_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `decisions` ADD `over_objection` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `decisions` ADD `replaces_seq` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `superseded_by_seq` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `broadcast_to` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `retracted_at` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `retracted_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `decisions` ADD `retract_reason` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `done_at` integer;--> statement-breakpoint
ALTER TABLE `decisions` ADD `done_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `decisions` ADD `done_note` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `slips` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `decisions_executor_status` ON `decisions` (`executor_id`,`status`);--> statement-breakpoint
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
ALTER TABLE `inbox` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `inbox` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `updates` ADD `dropped_at` integer;--> statement-breakpoint
ALTER TABLE `updates` ADD `dropped_by` integer REFERENCES members(id);--> statement-breakpoint
ALTER TABLE `updates` ADD `drop_reason` text;
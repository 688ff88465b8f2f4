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
CREATE INDEX `disagreements_team_created` ON `disagreements` (`team_id`,`created_at`);
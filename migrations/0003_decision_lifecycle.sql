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
CREATE INDEX `decisions_executor_status` ON `decisions` (`executor_id`,`status`);
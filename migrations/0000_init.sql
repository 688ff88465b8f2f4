CREATE TABLE `addresses` (
	`platform` text NOT NULL,
	`workspace_external_id` text NOT NULL,
	`key` text NOT NULL,
	`data` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `workspace_external_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`team_id` integer,
	`actor` text NOT NULL,
	`platform` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`at` integer NOT NULL,
	`source_url` text,
	`details` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_team_at` ON `audit` (`team_id`,`at`);--> statement-breakpoint
CREATE TABLE `blockers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`raised_by` integer NOT NULL,
	`unblocker_id` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`goal_seq` integer,
	`source_channel_id` text,
	`excerpt` text,
	`resolved_at` integer,
	`resolved_by` integer,
	`resolution` text,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`raised_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unblocker_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `blockers_team_seq` ON `blockers` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `blockers_team_status` ON `blockers` (`team_id`,`status`);--> statement-breakpoint
CREATE INDEX `blockers_team_resolved` ON `blockers` (`team_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `commitment_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`commitment_id` integer NOT NULL,
	`team_id` integer NOT NULL,
	`kind` text NOT NULL,
	`from_due` text,
	`to_due` text,
	`note` text,
	`by` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`commitment_id`) REFERENCES `commitments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `commitment_events_commitment` ON `commitment_events` (`commitment_id`);--> statement-breakpoint
CREATE INDEX `commitment_events_team_kind_at` ON `commitment_events` (`team_id`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `commitments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`owner_id` integer NOT NULL,
	`due_date` text,
	`due_tz` text,
	`due_at` integer,
	`status` text DEFAULT 'open' NOT NULL,
	`goal_seq` integer,
	`slips` integer DEFAULT 0 NOT NULL,
	`closed_at` integer,
	`closed_by` integer,
	`close_note` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commitments_team_seq` ON `commitments` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `commitments_team_status_due` ON `commitments` (`team_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `commitments_team_closed` ON `commitments` (`team_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `commitments_team_due` ON `commitments` (`team_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `commitments_owner_status` ON `commitments` (`owner_id`,`status`);--> statement-breakpoint
CREATE TABLE `counters` (
	`team_id` integer NOT NULL,
	`kind` text NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`team_id`, `kind`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`rationale` text,
	`executor_id` integer,
	`due_date` text,
	`due_tz` text,
	`due_at` integer,
	`origin` text,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`executor_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_team_seq` ON `decisions` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `decisions_team_created` ON `decisions` (`team_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `goals_team_seq` ON `goals` (`team_id`,`seq`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`due_at` integer NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_key` ON `jobs` (`key`);--> statement-breakpoint
CREATE INDEX `jobs_status_due` ON `jobs` (`status`,`due_at`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`alt_id` text,
	`name` text NOT NULL,
	`tz` text,
	`roles` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_team_user` ON `members` (`team_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `members_user` ON `members` (`user_id`);--> statement-breakpoint
CREATE INDEX `members_alt` ON `members` (`alt_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`workspace_id` integer NOT NULL,
	`platform` text NOT NULL,
	`destination` text NOT NULL,
	`dest_key` text NOT NULL,
	`message` text NOT NULL,
	`subject` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`result` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_status_not_before` ON `outbox` (`status`,`not_before`);--> statement-breakpoint
CREATE INDEX `outbox_dest_status` ON `outbox` (`dest_key`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `posted_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`platform` text NOT NULL,
	`conversation_id` text NOT NULL,
	`message_id` text NOT NULL,
	`outbox_key` text NOT NULL,
	`subject` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `posted_messages_message` ON `posted_messages` (`workspace_id`,`conversation_id`,`message_id`);--> statement-breakpoint
CREATE INDEX `posted_messages_outbox` ON `posted_messages` (`outbox_key`);--> statement-breakpoint
CREATE TABLE `receipts` (
	`key` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` integer NOT NULL,
	`channel_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`broadcast_channel_id` text,
	`agreements` text DEFAULT '{}' NOT NULL,
	`last_recap_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_workspace_channel` ON `teams` (`workspace_id`,`channel_id`);--> statement-breakpoint
CREATE TABLE `updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`goal_seq` integer,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `updates_team_seq` ON `updates` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `updates_team_created` ON `updates` (`team_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`external_id` text NOT NULL,
	`name` text,
	`active` integer DEFAULT true NOT NULL,
	`installed_at` integer NOT NULL,
	`deactivated_at` integer,
	`settings` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_platform_external` ON `workspaces` (`platform`,`external_id`);
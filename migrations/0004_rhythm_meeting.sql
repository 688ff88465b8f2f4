CREATE TABLE `agenda_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`team_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`source` text DEFAULT 'added' NOT NULL,
	`source_ref` text,
	`created_by` integer,
	`handled_at` integer,
	`handled_by` integer,
	`handled_note` text,
	`dropped_at` integer,
	`dropped_by` integer,
	`created_at` integer NOT NULL,
	`platform` text NOT NULL,
	`source_url` text,
	`source_message_id` text,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dropped_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agenda_items_team_seq` ON `agenda_items` (`team_id`,`seq`);--> statement-breakpoint
CREATE INDEX `agenda_items_team_created` ON `agenda_items` (`team_id`,`created_at`);
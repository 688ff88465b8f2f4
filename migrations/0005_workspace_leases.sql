CREATE TABLE `workspace_leases` (
	`workspace_id` integer PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`until` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);

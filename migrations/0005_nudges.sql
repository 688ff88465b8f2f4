CREATE TABLE `nudge_opt_outs` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`team_id` integer NOT NULL,
	`off_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE no action
);

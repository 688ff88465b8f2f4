ALTER TABLE `inbox` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `inbox` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `jobs` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `jobs` ADD `lease_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `lease_until` integer;
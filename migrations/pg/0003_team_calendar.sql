CREATE TABLE "calendar_days" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"start_date" text NOT NULL,
	"end_date" text NOT NULL,
	"reason" text,
	"created_at" bigint NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
CREATE TABLE "team_calendars" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"workweek" text NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD COLUMN "weekdays" text;--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD COLUMN "every_weeks" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD COLUMN "anchor" text;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_calendars" ADD CONSTRAINT "team_calendars_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_calendars" ADD CONSTRAINT "team_calendars_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calendar_days_team_end" ON "calendar_days" USING btree ("team_id","end_date");
CREATE TABLE "agenda_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"source" text DEFAULT 'added' NOT NULL,
	"source_ref" text,
	"created_by" integer,
	"handled_at" bigint,
	"handled_by" integer,
	"handled_note" text,
	"dropped_at" bigint,
	"dropped_by" integer,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
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
CREATE TABLE "checkin_questions" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"questions" jsonb NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "meeting_schedules" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"weekday" integer NOT NULL,
	"time" text NOT NULL,
	"zone" text NOT NULL,
	"every_weeks" integer DEFAULT 1 NOT NULL,
	"minutes" integer DEFAULT 60 NOT NULL,
	"anchor_date" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"date" text NOT NULL,
	"starts_at" bigint NOT NULL,
	"ends_at" bigint NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"agenda_posted_at" bigint,
	"recap_draft_sent_at" bigint,
	"recap_text" text,
	"recap_posted_at" bigint,
	"recap_posted_by" integer,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nudge_opt_outs" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"off_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_calendars" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"workweek" text NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "checkin_runs" ADD COLUMN "questions" jsonb;--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD COLUMN "weekdays" text;--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD COLUMN "every_weeks" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD COLUMN "anchor" text;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_handled_by_members_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_dropped_by_members_id_fk" FOREIGN KEY ("dropped_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_questions" ADD CONSTRAINT "checkin_questions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_questions" ADD CONSTRAINT "checkin_questions_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_schedules" ADD CONSTRAINT "meeting_schedules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_schedules" ADD CONSTRAINT "meeting_schedules_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_recap_posted_by_members_id_fk" FOREIGN KEY ("recap_posted_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nudge_opt_outs" ADD CONSTRAINT "nudge_opt_outs_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nudge_opt_outs" ADD CONSTRAINT "nudge_opt_outs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_calendars" ADD CONSTRAINT "team_calendars_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_calendars" ADD CONSTRAINT "team_calendars_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_team_seq" ON "agenda_items" USING btree ("team_id","seq");--> statement-breakpoint
CREATE INDEX "agenda_items_team_created" ON "agenda_items" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE INDEX "calendar_days_team_end" ON "calendar_days" USING btree ("team_id","end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_team_date" ON "meetings" USING btree ("team_id","date");--> statement-breakpoint
CREATE INDEX "meetings_team_starts" ON "meetings" USING btree ("team_id","starts_at");
CREATE TABLE "broadcast_settings" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"each" boolean DEFAULT true NOT NULL,
	"bulletin_weekday" integer,
	"bulletin_time" text,
	"bulletin_zone" text,
	"bulletin_covered_until" bigint,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "checkin_pulses" (
	"checkin_id" integer PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"score" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quiet_held" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"ref" text,
	"message" jsonb NOT NULL,
	"held_at" bigint NOT NULL,
	"rolled_at" bigint
);
--> statement-breakpoint
CREATE TABLE "quiet_settings" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"mode" text NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "checkin_runs" ADD COLUMN "pulse" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcast_settings" ADD CONSTRAINT "broadcast_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_settings" ADD CONSTRAINT "broadcast_settings_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_pulses" ADD CONSTRAINT "checkin_pulses_checkin_id_checkins_id_fk" FOREIGN KEY ("checkin_id") REFERENCES "public"."checkins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_pulses" ADD CONSTRAINT "checkin_pulses_run_id_checkin_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."checkin_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_pulses" ADD CONSTRAINT "checkin_pulses_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiet_held" ADD CONSTRAINT "quiet_held_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiet_settings" ADD CONSTRAINT "quiet_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quiet_settings" ADD CONSTRAINT "quiet_settings_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "checkin_pulses_run" ON "checkin_pulses" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "quiet_held_team_rolled" ON "quiet_held" USING btree ("team_id","rolled_at");--> statement-breakpoint
CREATE INDEX "decisions_team_decided" ON "decisions" USING btree ("team_id","decided_at");
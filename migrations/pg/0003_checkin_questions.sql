CREATE TABLE "checkin_questions" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"questions" jsonb NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
ALTER TABLE "checkin_runs" ADD COLUMN "questions" jsonb;--> statement-breakpoint
ALTER TABLE "checkin_questions" ADD CONSTRAINT "checkin_questions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_questions" ADD CONSTRAINT "checkin_questions_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;
CREATE TABLE "nudge_opt_outs" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"off_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "nudge_opt_outs" ADD CONSTRAINT "nudge_opt_outs_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nudge_opt_outs" ADD CONSTRAINT "nudge_opt_outs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;
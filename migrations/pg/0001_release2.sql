CREATE TABLE "decision_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"decision_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"kind" text NOT NULL,
	"from_due" text,
	"to_due" text,
	"by" integer NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_votes" (
	"id" serial PRIMARY KEY NOT NULL,
	"decision_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"vote" text NOT NULL,
	"reason" text,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_progress" (
	"id" serial PRIMARY KEY NOT NULL,
	"goal_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"value" double precision NOT NULL,
	"source" text,
	"note" text,
	"recorded_by" integer NOT NULL,
	"verified_by" integer,
	"verified_at" bigint,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
CREATE TABLE "page_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"team_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "record_edits" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"ref" text NOT NULL,
	"field" text NOT NULL,
	"old_value" text,
	"new_value" text,
	"by" integer NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "blockers" ADD COLUMN "dropped_at" bigint;--> statement-breakpoint
ALTER TABLE "blockers" ADD COLUMN "dropped_by" integer;--> statement-breakpoint
ALTER TABLE "blockers" ADD COLUMN "drop_reason" text;--> statement-breakpoint
ALTER TABLE "commitments" ADD COLUMN "assignment" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "status" text DEFAULT 'decided' NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "window_ends_at" bigint;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "decided_at" bigint;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "decided_by" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "over_objection" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "replaces_seq" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "superseded_by_seq" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "broadcast_to" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "retracted_at" bigint;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "retracted_by" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "retract_reason" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "done_at" bigint;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "done_by" integer;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "done_note" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "slips" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "measure" text;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "baseline" double precision;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "target" double precision;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "due_date" text;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "due_tz" text;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "due_at" bigint;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "owner_id" integer;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "status" text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "closed_at" bigint;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "closed_by" integer;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "close_note" text;--> statement-breakpoint
ALTER TABLE "updates" ADD COLUMN "dropped_at" bigint;--> statement-breakpoint
ALTER TABLE "updates" ADD COLUMN "dropped_by" integer;--> statement-breakpoint
ALTER TABLE "updates" ADD COLUMN "drop_reason" text;--> statement-breakpoint
ALTER TABLE "decision_events" ADD CONSTRAINT "decision_events_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_events" ADD CONSTRAINT "decision_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_events" ADD CONSTRAINT "decision_events_by_members_id_fk" FOREIGN KEY ("by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_votes" ADD CONSTRAINT "decision_votes_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_votes" ADD CONSTRAINT "decision_votes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_progress" ADD CONSTRAINT "goal_progress_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_progress" ADD CONSTRAINT "goal_progress_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_progress" ADD CONSTRAINT "goal_progress_recorded_by_members_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_progress" ADD CONSTRAINT "goal_progress_verified_by_members_id_fk" FOREIGN KEY ("verified_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_tokens" ADD CONSTRAINT "page_tokens_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "page_tokens" ADD CONSTRAINT "page_tokens_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_edits" ADD CONSTRAINT "record_edits_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "record_edits" ADD CONSTRAINT "record_edits_by_members_id_fk" FOREIGN KEY ("by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_events_team_kind_at" ON "decision_events" USING btree ("team_id","kind","at");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_votes_decision_member" ON "decision_votes" USING btree ("decision_id","member_id");--> statement-breakpoint
CREATE INDEX "goal_progress_goal_created" ON "goal_progress" USING btree ("goal_id","created_at");--> statement-breakpoint
CREATE INDEX "goal_progress_team_created" ON "goal_progress" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "page_tokens_hash" ON "page_tokens" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "page_tokens_team_member" ON "page_tokens" USING btree ("team_id","member_id");--> statement-breakpoint
CREATE INDEX "record_edits_team_ref" ON "record_edits" USING btree ("team_id","ref");--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_dropped_by_members_id_fk" FOREIGN KEY ("dropped_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_decided_by_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_retracted_by_members_id_fk" FOREIGN KEY ("retracted_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_done_by_members_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_owner_id_members_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_closed_by_members_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "updates" ADD CONSTRAINT "updates_dropped_by_members_id_fk" FOREIGN KEY ("dropped_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decisions_executor_status" ON "decisions" USING btree ("executor_id","status");
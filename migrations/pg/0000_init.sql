CREATE TABLE "addresses" (
	"platform" text NOT NULL,
	"workspace_external_id" text NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "addresses_platform_workspace_external_id_key_pk" PRIMARY KEY("platform","workspace_external_id","key")
);
--> statement-breakpoint
CREATE TABLE "audit" (
	"id" serial PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"team_id" integer,
	"actor" text NOT NULL,
	"platform" text NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"at" bigint NOT NULL,
	"source_url" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "blockers" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"raised_by" integer NOT NULL,
	"unblocker_id" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"goal_seq" integer,
	"source_channel_id" text,
	"excerpt" text,
	"resolved_at" bigint,
	"resolved_by" integer,
	"resolution" text,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
CREATE TABLE "checkin_members" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"away_until" text,
	"away_tz" text,
	"skip_date" text,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkin_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"run_key" text NOT NULL,
	"kind" text NOT NULL,
	"date" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"started_at" bigint NOT NULL,
	"started_by" integer,
	"digest_at" bigint,
	"digest_posted_at" bigint
);
--> statement-breakpoint
CREATE TABLE "checkin_schedules" (
	"team_id" integer PRIMARY KEY NOT NULL,
	"weekday" integer NOT NULL,
	"time" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "checkins" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" bigint NOT NULL,
	"sent_at" bigint,
	"reminded_at" bigint,
	"answered_at" bigint,
	"answers" jsonb
);
--> statement-breakpoint
CREATE TABLE "commitment_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"commitment_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"kind" text NOT NULL,
	"from_due" text,
	"to_due" text,
	"note" text,
	"by" integer NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "commitments" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"owner_id" integer NOT NULL,
	"due_date" text,
	"due_tz" text,
	"due_at" bigint,
	"status" text DEFAULT 'open' NOT NULL,
	"goal_seq" integer,
	"slips" integer DEFAULT 0 NOT NULL,
	"closed_at" bigint,
	"closed_by" integer,
	"close_note" text,
	"created_by" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"team_id" integer NOT NULL,
	"kind" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "counters_team_id_kind_pk" PRIMARY KEY("team_id","kind")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"rationale" text,
	"executor_id" integer,
	"due_date" text,
	"due_tz" text,
	"due_at" bigint,
	"origin" text,
	"created_by" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
CREATE TABLE "disagreement_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"disagreement_id" integer NOT NULL,
	"round" integer NOT NULL,
	"kind" text NOT NULL,
	"member_id" integer NOT NULL,
	"data" jsonb NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disagreement_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"disagreement_id" integer NOT NULL,
	"from_state" text NOT NULL,
	"to_state" text NOT NULL,
	"event" text NOT NULL,
	"by" integer,
	"round" integer NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disagreements" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"topic" text NOT NULL,
	"state" text NOT NULL,
	"stalled" text,
	"round" integer DEFAULT 1 NOT NULL,
	"parties" jsonb NOT NULL,
	"facilitator_id" integer NOT NULL,
	"escalated_to" integer,
	"terms" jsonb NOT NULL,
	"deadline" bigint,
	"decision_seq" integer,
	"decided_at" bigint,
	"ended_at" bigint,
	"end_reason" text,
	"flagged_by" integer NOT NULL,
	"line_key" text NOT NULL,
	"line_channel_id" text NOT NULL,
	"source_channel_id" text,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"invocation" jsonb NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"received_at" bigint NOT NULL,
	"done_at" bigint,
	"claimed_by" text,
	"lease_until" bigint
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"due_at" bigint NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" bigint NOT NULL,
	"done_at" bigint,
	"claimed_by" text,
	"lease_until" bigint
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"alt_id" text,
	"name" text NOT NULL,
	"tz" text,
	"roles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"joined_at" bigint NOT NULL,
	"left_at" bigint
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"workspace_id" integer NOT NULL,
	"platform" text NOT NULL,
	"destination" jsonb NOT NULL,
	"dest_key" text NOT NULL,
	"message" jsonb NOT NULL,
	"subject" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" bigint NOT NULL,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"sent_at" bigint,
	"result" jsonb,
	"bulk" boolean DEFAULT false NOT NULL,
	"claimed_by" text,
	"lease_until" bigint
);
--> statement-breakpoint
CREATE TABLE "posted_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"platform" text NOT NULL,
	"conversation_id" text NOT NULL,
	"message_id" text NOT NULL,
	"outbox_key" text NOT NULL,
	"subject" jsonb,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "receipts" (
	"key" text PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" serial PRIMARY KEY NOT NULL,
	"workspace_id" integer NOT NULL,
	"channel_id" text NOT NULL,
	"name" text NOT NULL,
	"created_at" bigint NOT NULL,
	"created_by" text NOT NULL,
	"broadcast_channel_id" text,
	"agreements" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_recap_at" bigint
);
--> statement-breakpoint
CREATE TABLE "updates" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"goal_seq" integer,
	"created_by" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"platform" text NOT NULL,
	"source_url" text,
	"source_message_id" text
);
--> statement-breakpoint
CREATE TABLE "workspace_leases" (
	"workspace_id" integer PRIMARY KEY NOT NULL,
	"owner" text NOT NULL,
	"until" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" serial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text,
	"active" boolean DEFAULT true NOT NULL,
	"installed_at" bigint NOT NULL,
	"deactivated_at" bigint,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit" ADD CONSTRAINT "audit_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit" ADD CONSTRAINT "audit_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_raised_by_members_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_unblocker_id_members_id_fk" FOREIGN KEY ("unblocker_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "blockers" ADD CONSTRAINT "blockers_resolved_by_members_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_members" ADD CONSTRAINT "checkin_members_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_members" ADD CONSTRAINT "checkin_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_runs" ADD CONSTRAINT "checkin_runs_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_runs" ADD CONSTRAINT "checkin_runs_started_by_members_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD CONSTRAINT "checkin_schedules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkin_schedules" ADD CONSTRAINT "checkin_schedules_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_run_id_checkin_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."checkin_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkins" ADD CONSTRAINT "checkins_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_events" ADD CONSTRAINT "commitment_events_commitment_id_commitments_id_fk" FOREIGN KEY ("commitment_id") REFERENCES "public"."commitments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_events" ADD CONSTRAINT "commitment_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_events" ADD CONSTRAINT "commitment_events_by_members_id_fk" FOREIGN KEY ("by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_owner_id_members_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_closed_by_members_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "counters" ADD CONSTRAINT "counters_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_executor_id_members_id_fk" FOREIGN KEY ("executor_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreement_entries" ADD CONSTRAINT "disagreement_entries_disagreement_id_disagreements_id_fk" FOREIGN KEY ("disagreement_id") REFERENCES "public"."disagreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreement_entries" ADD CONSTRAINT "disagreement_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreement_steps" ADD CONSTRAINT "disagreement_steps_disagreement_id_disagreements_id_fk" FOREIGN KEY ("disagreement_id") REFERENCES "public"."disagreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreement_steps" ADD CONSTRAINT "disagreement_steps_by_members_id_fk" FOREIGN KEY ("by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreements" ADD CONSTRAINT "disagreements_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreements" ADD CONSTRAINT "disagreements_facilitator_id_members_id_fk" FOREIGN KEY ("facilitator_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreements" ADD CONSTRAINT "disagreements_escalated_to_members_id_fk" FOREIGN KEY ("escalated_to") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disagreements" ADD CONSTRAINT "disagreements_flagged_by_members_id_fk" FOREIGN KEY ("flagged_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posted_messages" ADD CONSTRAINT "posted_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "updates" ADD CONSTRAINT "updates_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "updates" ADD CONSTRAINT "updates_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_leases" ADD CONSTRAINT "workspace_leases_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_team_at" ON "audit" USING btree ("team_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "blockers_team_seq" ON "blockers" USING btree ("team_id","seq");--> statement-breakpoint
CREATE INDEX "blockers_team_status" ON "blockers" USING btree ("team_id","status");--> statement-breakpoint
CREATE INDEX "blockers_team_resolved" ON "blockers" USING btree ("team_id","resolved_at");--> statement-breakpoint
CREATE UNIQUE INDEX "checkin_runs_team_key" ON "checkin_runs" USING btree ("team_id","run_key");--> statement-breakpoint
CREATE INDEX "checkin_runs_team_started" ON "checkin_runs" USING btree ("team_id","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "checkins_run_member" ON "checkins" USING btree ("run_id","member_id");--> statement-breakpoint
CREATE INDEX "checkins_member_status" ON "checkins" USING btree ("member_id","status");--> statement-breakpoint
CREATE INDEX "checkins_team_due" ON "checkins" USING btree ("team_id","due_at");--> statement-breakpoint
CREATE INDEX "commitment_events_commitment" ON "commitment_events" USING btree ("commitment_id");--> statement-breakpoint
CREATE INDEX "commitment_events_team_kind_at" ON "commitment_events" USING btree ("team_id","kind","at");--> statement-breakpoint
CREATE UNIQUE INDEX "commitments_team_seq" ON "commitments" USING btree ("team_id","seq");--> statement-breakpoint
CREATE INDEX "commitments_team_status_due" ON "commitments" USING btree ("team_id","status","due_at");--> statement-breakpoint
CREATE INDEX "commitments_team_closed" ON "commitments" USING btree ("team_id","closed_at");--> statement-breakpoint
CREATE INDEX "commitments_team_due" ON "commitments" USING btree ("team_id","due_at");--> statement-breakpoint
CREATE INDEX "commitments_owner_status" ON "commitments" USING btree ("owner_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_team_seq" ON "decisions" USING btree ("team_id","seq");--> statement-breakpoint
CREATE INDEX "decisions_team_created" ON "decisions" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "disagreement_entries_one" ON "disagreement_entries" USING btree ("disagreement_id","round","kind","member_id");--> statement-breakpoint
CREATE INDEX "disagreement_steps_disagreement" ON "disagreement_steps" USING btree ("disagreement_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disagreements_team_seq" ON "disagreements" USING btree ("team_id","seq");--> statement-breakpoint
CREATE INDEX "disagreements_team_state" ON "disagreements" USING btree ("team_id","state");--> statement-breakpoint
CREATE INDEX "disagreements_team_created" ON "disagreements" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "goals_team_seq" ON "goals" USING btree ("team_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_key" ON "inbox" USING btree ("key");--> statement-breakpoint
CREATE INDEX "inbox_status_id" ON "inbox" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_key" ON "jobs" USING btree ("key");--> statement-breakpoint
CREATE INDEX "jobs_status_due" ON "jobs" USING btree ("status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "members_team_user" ON "members" USING btree ("team_id","user_id");--> statement-breakpoint
CREATE INDEX "members_user" ON "members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "members_alt" ON "members" USING btree ("alt_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_key" ON "outbox" USING btree ("key");--> statement-breakpoint
CREATE INDEX "outbox_status_not_before" ON "outbox" USING btree ("status","not_before");--> statement-breakpoint
CREATE INDEX "outbox_unsent" ON "outbox" USING btree ("dest_key","id") WHERE status in ('pending', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "posted_messages_message" ON "posted_messages" USING btree ("workspace_id","conversation_id","message_id");--> statement-breakpoint
CREATE INDEX "posted_messages_outbox" ON "posted_messages" USING btree ("outbox_key");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_workspace_channel" ON "teams" USING btree ("workspace_id","channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "updates_team_seq" ON "updates" USING btree ("team_id","seq");--> statement-breakpoint
CREATE INDEX "updates_team_created" ON "updates" USING btree ("team_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_platform_external" ON "workspaces" USING btree ("platform","external_id");
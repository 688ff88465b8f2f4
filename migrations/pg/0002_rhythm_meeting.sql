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
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_handled_by_members_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agenda_items" ADD CONSTRAINT "agenda_items_dropped_by_members_id_fk" FOREIGN KEY ("dropped_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agenda_items_team_seq" ON "agenda_items" USING btree ("team_id","seq");--> statement-breakpoint
CREATE INDEX "agenda_items_team_created" ON "agenda_items" USING btree ("team_id","created_at");
CREATE TABLE "messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"team_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"slack_ts" text,
	"role" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_role" CHECK ("messages"."role" in ('person', 'coach'))
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"local_date" date NOT NULL,
	"title" text NOT NULL,
	"body" jsonb NOT NULL,
	"score" smallint NOT NULL,
	"written_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"local_date" date NOT NULL,
	"channel_id" text NOT NULL,
	"thread_ts" text,
	"origin" text NOT NULL,
	"stage" text NOT NULL,
	"stage_turns" jsonb NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"answered_message_id" bigint,
	"lease_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_status" CHECK ("sessions"."status" in ('active', 'wrapping', 'completed', 'abandoned'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"first_name" text,
	"tz" text,
	"tz_checked_at" timestamp with time zone,
	"dm_channel_id" text,
	"enrolled" boolean DEFAULT true NOT NULL,
	"nudge_minute" smallint DEFAULT 540 NOT NULL,
	"nudge_days" smallint[] DEFAULT '{1,2,3,4,5}'::smallint[] NOT NULL,
	"paused_until" date,
	"pause_reason" text,
	"skip_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_team_id_user_id_pk" PRIMARY KEY("team_id","user_id"),
	CONSTRAINT "users_nudge_minute_range" CHECK ("users"."nudge_minute" between 0 and 1439)
);
--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_slack_ts" ON "messages" USING btree ("team_id","channel_id","slack_ts");--> statement-breakpoint
CREATE INDEX "messages_session" ON "messages" USING btree ("session_id","id");--> statement-breakpoint
CREATE INDEX "reports_person" ON "reports" USING btree ("team_id","user_id","local_date");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_person_date" ON "sessions" USING btree ("team_id","user_id","local_date");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_thread" ON "sessions" USING btree ("team_id","channel_id","thread_ts");
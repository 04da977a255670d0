CREATE TABLE "slack_pace" (
	"team_id" text NOT NULL,
	"method" text NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"gap_ms" integer NOT NULL,
	"held_until" timestamp with time zone,
	CONSTRAINT "slack_pace_team_id_method_pk" PRIMARY KEY("team_id","method")
);

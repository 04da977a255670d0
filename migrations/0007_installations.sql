CREATE TABLE "installations" (
	"team_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"app_id" text,
	"bot_id" text,
	"bot_user_id" text,
	"installer_user_id" text,
	"bot_token_expires_at" timestamp with time zone,
	"details" jsonb NOT NULL,
	"secrets" text,
	"uninstalled_at" timestamp with time zone,
	"purge_after" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "installations_purge" ON "installations" USING btree ("purge_after");
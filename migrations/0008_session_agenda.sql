ALTER TABLE "sessions" ADD COLUMN "agenda" jsonb DEFAULT '{"slots":{},"declined":[],"coachTurns":0,"asked":null}'::jsonb NOT NULL;--> statement-breakpoint
-- Sessions from before the agenda: count the coach replies they already had (not the nudge's opening).
UPDATE "sessions" s SET "agenda" = jsonb_set(s."agenda", '{coachTurns}', to_jsonb((
  SELECT greatest(count(*) - (CASE WHEN s."origin" = 'nudge' THEN 1 ELSE 0 END), 0)
    FROM "messages" m WHERE m."session_id" = s."id" AND m."role" = 'coach')));

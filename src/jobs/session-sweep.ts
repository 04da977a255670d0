/**
 * Picks up sessions whose work nobody is doing: a reply or a report that a
 * killed process, or one that lost its database mid-reply, left undone. It
 * runs at start-up and then every few seconds on every replica; the
 * session's lease decides which replica does the work, so each turn is
 * still answered once.
 *
 * A timer of its own rather than a pg-boss schedule: pg-boss's cron fires at
 * most once a minute, and a session stranded by a Postgres restart should be
 * answered within seconds of the database coming back.
 */
import type { CoachOutcome } from '../coach/service';
import type { CoachStore } from '../coach/store';
import { errorFields, type Logger } from '../log';

export interface SessionSweepOptions {
  store: Pick<CoachStore, 'sessionsAwaitingWork'>;
  /** Does the session's pending work and posts what should be posted; returns what the work produced. */
  resume: (teamId: string, sessionId: string) => Promise<CoachOutcome[]>;
  logger: Logger;
  intervalMs?: number;
  /** A person message younger than this is left to the listener that stored it. */
  settledMs?: number;
  /** Sessions looked at per sweep. */
  batch?: number;
}

export interface SessionSweep {
  /** One sweep now; how many sessions it resumed. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/** After the model failed on a session, the sweep waits this long, doubling, before it tries again. */
const BACKOFF_START_MS = 10_000;
const BACKOFF_MAX_MS = 5 * 60_000;

export function startSessionSweep(options: SessionSweepOptions): SessionSweep {
  const { store, resume, logger } = options;
  // Often: what a dead holder left waits for its lease to run out, then at most this long (src/coach/service.ts).
  const intervalMs = options.intervalMs ?? 2_000;
  const backoff = new Map<string, { until: number; delay: number }>();
  let running: Promise<number> | undefined;
  let stopped = false;

  const sweepOnce = async (): Promise<number> => {
    let resumed = 0;
    const now = Date.now();
    for (const { teamId, sessionId } of await store.sessionsAwaitingWork(options.settledMs ?? 2_000, options.batch ?? 50)) {
      if (stopped) break;
      const waiting = backoff.get(sessionId);
      if (waiting && waiting.until > now) continue;
      try {
        const outcomes = await resume(teamId, sessionId);
        resumed += 1;
        if (outcomes.some((o) => o.kind === 'model_unavailable')) {
          const delay = Math.min((waiting?.delay ?? BACKOFF_START_MS / 2) * 2, BACKOFF_MAX_MS);
          backoff.set(sessionId, { until: Date.now() + delay, delay });
        } else {
          backoff.delete(sessionId);
        }
        if (outcomes.length > 0) logger.info('session_resumed', { team: teamId, session: sessionId, outcomes: outcomes.length });
      } catch (error) {
        logger.warn('session_resume_failed', { team: teamId, session: sessionId, ...errorFields(error) });
      }
    }
    return resumed;
  };

  const sweep = (): Promise<number> =>
    (running ??= sweepOnce()
      .catch((error: unknown) => {
        // The database is away: the next sweep tries again.
        logger.warn('session_sweep_failed', errorFields(error));
        return 0;
      })
      .finally(() => (running = undefined)));

  void sweep();
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();

  return {
    sweep,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

import { ErrorCode } from '@slack/web-api';
import type { PaceBounds } from '../db/queries/slack-pace';
import type { Logger } from '../log';

/**
 * The pace of scheduled Web API calls (the morning fan-out, profile
 * lookups), per workspace and method, across every replica.
 *
 * Slack limits "per API method per app per workspace"
 * (https://docs.slack.dev/apis/web-api/rate-limits): Tier 3 methods 50+ a
 * minute, Tier 4 100+, and chat.postMessage a special tier (one a second per
 * channel, which a fan-out of DMs never binds, under a workspace-wide limit
 * Slack does not publish). So the gap between calls starts from the tier,
 * narrows a little with every call Slack takes, and widens when Slack
 * answers 429; the Retry-After holds every replica off that method, since
 * they share the row in Postgres (src/db/queries/slack-pace.ts).
 */

/** Where the shared pace lives (Postgres, for every replica at once). */
export interface PaceStore {
  /** Takes the next slot; milliseconds from now until it begins. */
  takeSlot(teamId: string, method: string, bounds: PaceBounds): Promise<number>;
  /** No slot before `retryAfterSeconds` from now, and a wider gap after. */
  holdOff(teamId: string, method: string, retryAfterSeconds: number, bounds: PaceBounds): Promise<void>;
}

/**
 * A method starts at its tier's rate (a floor Slack promises, "50+ a
 * minute"), goes 2% faster with every call Slack takes, down to a 10 ms gap,
 * and half again slower after each 429.
 */
export const perMinute = (calls: number): PaceBounds => ({ startMs: Math.ceil(60_000 / calls), minMs: 10, maxMs: 60_000, narrow: 0.98, widen: 1.5 });

export const METHOD_PACE: Readonly<Record<string, PaceBounds>> = {
  'conversations.open': perMinute(50), // Tier 3
  'users.info': perMinute(100), // Tier 4
  // A special tier: "one message per second per channel" (each nudge is its own DM) under a
  // workspace-wide limit Slack does not publish; "several hundred a minute" in practice.
  'chat.postMessage': perMinute(600),
};

/** Tier 2, "most methods". */
export const DEFAULT_METHOD_PACE = perMinute(20);

/** How often one call waits out a 429 before it gives up (the nudge queue retries it later). */
export const RATE_LIMITED_TRIES = 5;

export interface RateGate {
  /** Runs one Web API call in this workspace's next slot for `method`; a 429 holds everyone off, then it tries again. */
  call<T>(teamId: string, method: string, run: () => Promise<T>): Promise<T>;
}

export interface RateGateOptions {
  /** Bounds per method; Slack's tiers unless a test says otherwise. */
  methods?: Readonly<Record<string, PaceBounds>>;
  fallback?: PaceBounds;
  sleep?: (ms: number) => Promise<void>;
}

export function createRateGate(store: PaceStore, logger: Logger, options: RateGateOptions = {}): RateGate {
  const { methods = METHOD_PACE, fallback = DEFAULT_METHOD_PACE, sleep = defaultSleep } = options;
  // Holds this process has heard of, so calls whose slots were taken before a 429 wait it out
  // instead of meeting the same 429 (another replica's holds reach them through their next slot).
  const heardHolds = new Map<string, number>();
  const slot = async (key: string, teamId: string, method: string, bounds: PaceBounds) => {
    for (;;) {
      const wait = await store.takeSlot(teamId, method, bounds);
      if (wait > 0) await sleep(wait);
      const heldFor = (heardHolds.get(key) ?? 0) - Date.now();
      if (heldFor <= 0) return;
      await sleep(heldFor);
    }
  };
  return {
    async call(teamId, method, run) {
      const bounds = methods[method] ?? fallback;
      const key = `${teamId} ${method}`;
      for (let attempt = 1; ; attempt++) {
        await slot(key, teamId, method, bounds);
        try {
          return await run();
        } catch (error) {
          const retryAfter = rateLimitedFor(error);
          if (retryAfter === undefined) throw error;
          heardHolds.set(key, Math.max(heardHolds.get(key) ?? 0, Date.now() + retryAfter * 1000));
          await store.holdOff(teamId, method, retryAfter, bounds);
          logger.warn('slack_rate_limited', { team_id: teamId, method, retry_after: retryAfter, attempt });
          if (attempt >= RATE_LIMITED_TRIES) throw error;
        }
      }
    },
  };
}

/** Seconds Slack asked us to wait, when the error is a 429 the WebClient passed on. */
export function rateLimitedFor(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown } | undefined;
  if (e?.code !== ErrorCode.RateLimitedError) return undefined;
  return typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : 1;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

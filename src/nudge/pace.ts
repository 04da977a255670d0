/**
 * Bounds the nudge fan-out in this process: at most `concurrency` nudges in
 * flight, and (optionally) their starts spaced so no more than `perSecond`
 * begin in any second. Slack's own limits are kept by the rate gate the
 * Messenger's calls go through (src/slack/rate-gate.ts), per workspace and
 * across replicas, so by default this only bounds the work in flight.
 */
export interface PaceOptions {
  concurrency: number;
  /** Starts per second; Infinity for no spacing (benchmarks, tests). */
  perSecond: number;
}

export const DEFAULT_PACE: PaceOptions = { concurrency: 8, perSecond: Infinity };

export interface Pace {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createPace(options: PaceOptions = DEFAULT_PACE, sleep = defaultSleep): Pace {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const gapMs = Number.isFinite(options.perSecond) && options.perSecond > 0 ? 1000 / options.perSecond : 0;
  let active = 0;
  let nextStart = 0;
  const waiting: (() => void)[] = [];

  const acquire = async (): Promise<void> => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else active += 1;
    if (gapMs > 0) {
      const now = Date.now();
      const at = Math.max(now, nextStart);
      nextStart = at + gapMs;
      if (at > now) await sleep(at - now);
    }
  };
  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else active -= 1;
  };

  return {
    async run(task) {
      await acquire();
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `work` on every item through the pace; resolves when all are done. */
export async function forEachPaced<T>(pace: Pace, items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  await Promise.all(items.map((item) => pace.run(() => work(item))));
}

/**
 * At most `size` tasks at once; the rest wait their turn, first come first
 * served. The DM listener answers (model call, reply) through one, so that
 * under a burst of messages the work of storing them (which Slack's
 * acknowledgement waits on, src/slack/receipt.ts) is not starved of the
 * event loop and the pool by coaching work on messages already safe.
 */
export interface Lane {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running and waiting (for tests). */
  readonly size: { running: number; waiting: number };
}

export function createLane(size: number): Lane {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = () => {
    running -= 1;
    const start = waiting.shift();
    if (start) {
      running += 1;
      start();
    }
  };
  return {
    run: async <T>(task: () => Promise<T>): Promise<T> => {
      if (running < size) running += 1;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        next();
      }
    },
    get size() {
      return { running, waiting: waiting.length };
    },
  };
}

/**
 * The fake Slack the benchmarks run against: devtools/fake-slack's Web API on
 * a server of the bench's own, which adds what the fake lacks:
 *
 * - a rate limit on chat.postMessage, a token bucket of `perMinute` (one
 *   second's worth of burst), answering beyond it as Slack does: HTTP 429
 *   `{ ok: false, error: 'ratelimited' }` with a Retry-After header in
 *   seconds (which @slack/web-api waits out before it retries);
 * - the moment each reply lands: the next bot message in a thread, and
 *   the bot's top-level posts per channel (the nudges), on the bench's clock
 *   (performance.now()), noted synchronously as the fake stores them.
 *
 * Two workspaces: T1 is our bot's, T2 the echo bot's, each with its own bot
 * token, so neither sees the other's people.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackState, SlackWebApi, type TeamRecord } from '../devtools/fake-slack';

export interface BenchSlack {
  /** The Web API's base URL, ending in '/'. */
  url: string;
  state: SlackState;
  ours: TeamRecord;
  echo: TeamRecord;
  /**
   * Resolves with the time (performance.now()) at which the next bot message
   * in the thread `root` of `channel` arrives: call it before sending the
   * message it answers.
   */
  nextReplyIn(channel: string, root: string): Promise<number>;
  /** Resolves once no Web API call has arrived for `ms` (or after `timeoutMs`). */
  quiet(ms?: number, timeoutMs?: number): Promise<void>;
  /** Limits chat.postMessage to `perMinute` (undefined: no limit). */
  rateLimit(perMinute: number | undefined): void;
  /** Bot posts outside threads, per channel: how many, and when the last arrived. */
  topLevelPosts(): Map<string, { count: number; lastAt: number }>;
  /** chat.postMessage calls answered 429 so far. */
  rateLimited(): number;
  close(): Promise<void>;
}

export async function startBenchSlack(): Promise<BenchSlack> {
  const state = new SlackState({ teams: [{ id: 'T1', name: 'Ours' }, { id: 'T2', name: 'Echo' }] });
  const api = new SlackWebApi({ state });
  const ours = state.team('T1')!;
  const echo = state.team('T2')!;

  const waiting = new Map<string, ((at: number) => void)[]>();
  const roots = new Map<string, { count: number; lastAt: number }>();
  state.onChange((change) => {
    if (change.type !== 'message_posted' || !change.message.bot_id) return;
    const at = performance.now();
    const { channel, thread_ts: thread, ts } = change.message;
    if (!thread || thread === ts) {
      const seen = roots.get(channel) ?? { count: 0, lastAt: 0 };
      roots.set(channel, { count: seen.count + 1, lastAt: at });
      return;
    }
    const key = `${channel} ${thread}`;
    const resolvers = waiting.get(key);
    if (!resolvers) return;
    waiting.delete(key);
    for (const resolve of resolvers) resolve(at);
  });

  let lastCall = performance.now();
  api.onCall(() => (lastCall = performance.now()));

  // The limiter: a token bucket refilled continuously, holding at most one second's worth.
  let perSecond = Infinity;
  let tokens = 0;
  let refilledAt = performance.now();
  let limited = 0;
  const take = (): number => {
    if (!Number.isFinite(perSecond)) return 0;
    const now = performance.now();
    const capacity = Math.max(1, perSecond);
    tokens = Math.min(capacity, tokens + ((now - refilledAt) / 1000) * perSecond);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - tokens) / perSecond));
  };
  const postPath = `${api.basePath}chat.postMessage`;

  const server: Server = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] === postPath) {
      const retryAfter = take();
      if (retryAfter > 0) {
        limited += 1;
        req.resume();
        const body = JSON.stringify({ ok: false, error: 'ratelimited' });
        res.writeHead(429, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), 'retry-after': String(retryAfter) });
        res.end(body);
        return;
      }
    }
    if (!api.handle(req, res)) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}${api.basePath}`,
    state,
    ours,
    echo,
    nextReplyIn: (channel, root) => {
      const key = `${channel} ${root}`;
      return new Promise((resolve) => waiting.set(key, [...(waiting.get(key) ?? []), resolve]));
    },
    quiet: async (ms = 250, timeoutMs = 30_000) => {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline && performance.now() - lastCall < ms) {
        await new Promise((r) => setTimeout(r, Math.max(10, ms - (performance.now() - lastCall))));
      }
    },
    rateLimit: (perMinute) => {
      perSecond = perMinute === undefined ? Infinity : perMinute / 60;
      tokens = Number.isFinite(perSecond) ? Math.max(1, perSecond) : 0;
      refilledAt = performance.now();
    },
    topLevelPosts: () => roots,
    rateLimited: () => limited,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

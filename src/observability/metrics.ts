/**
 * The bot's Prometheus metrics (prom-client), served at GET /metrics.
 *
 * One registry per running bot, not prom-client's global one: two bots in
 * one process (the tests, local mode's bot beside a CLI) never collide, and
 * each scrape shows only its own bot. BotMetrics implements, by shape, the
 * meters the rooms declare (ModelMeter in src/coach/ports.ts, NudgeMeter in
 * src/nudge/ports.ts, SlackMeter and ReplyMeter in src/slack/meter.ts), so
 * this module imports no room and no room imports it; src/server.ts passes
 * it in. Labels are bounded: method names, outcome words, Slack's error
 * codes, the model id. Never a team, a person or a word they wrote.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a gauge reads at scrape time. */
export interface MetricSources {
  /** Sessions not yet completed or abandoned (a count query). */
  openSessions?: () => Promise<number>;
  /** The pg Pool: its connections, idle ones and the queries waiting for one. */
  pool?: { readonly totalCount: number; readonly idleCount: number; readonly waitingCount: number };
}

export interface ModelCallMeasure {
  model: string;
  op: string;
  outcome: 'ok' | 'failed';
  seconds: number;
  usage?: { input: number; output: number; cacheRead: number; cacheWrite: number };
}

/** A reply from a person's message until Slack took it: seconds; the model's turn is most of it. */
const REPLY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60];
const MODEL_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60, 120];

export class BotMetrics {
  readonly registry = new Registry();
  private readonly replies: Counter<'kind'>;
  private readonly replySeconds: Histogram<'kind'>;
  private readonly modelCalls: Counter<'model' | 'op' | 'outcome'>;
  private readonly modelSeconds: Histogram<'model' | 'op' | 'outcome'>;
  private readonly modelTokens: Counter<'model' | 'op' | 'type'>;
  private readonly nudges: Counter<'outcome' | 'reason'>;
  private readonly slackCalls: Counter<'method'>;
  private readonly slackErrors: Counter<'method' | 'error'>;
  private readonly slackRateLimited: Counter<'method'>;

  constructor(sources: MetricSources = {}) {
    const registers = [this.registry];
    // process_*, nodejs_* (heap, handles, GC) and nodejs_eventloop_lag_* from perf_hooks' event-loop delay monitor.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });

    this.replies = new Counter({ name: 'deep_thoughts_replies_total', help: 'Messages the coach posted in a session, by kind (reply, report, support, model_unavailable).', labelNames: ['kind'], registers });
    // At 0 from the start, so rate() has a first sample before the first reply.
    for (const kind of ['reply', 'report', 'support', 'model_unavailable']) this.replies.inc({ kind }, 0);
    this.replySeconds = new Histogram({
      name: 'deep_thoughts_reply_seconds',
      help: "From a person's message reaching the bot to Slack taking the coach's answer, by kind.",
      labelNames: ['kind'],
      buckets: REPLY_BUCKETS,
      registers,
    });
    this.modelCalls = new Counter({ name: 'deep_thoughts_model_calls_total', help: 'Model API calls (each validation retry is a call of its own), by model, op (turn, report) and outcome.', labelNames: ['model', 'op', 'outcome'], registers });
    this.modelSeconds = new Histogram({ name: 'deep_thoughts_model_call_seconds', help: 'Model API call latency, the SDK retries included.', labelNames: ['model', 'op', 'outcome'], buckets: MODEL_BUCKETS, registers });
    this.modelTokens = new Counter({
      name: 'deep_thoughts_model_tokens_total',
      help: 'Tokens the model API reported, by type: input (uncached), output, cache_read, cache_write.',
      labelNames: ['model', 'op', 'type'],
      registers,
    });
    this.nudges = new Counter({
      name: 'deep_thoughts_nudges_total',
      help: 'Morning nudges tried, by outcome (sent, skipped, failed) and reason (why skipped, or Slack error when failed).',
      labelNames: ['outcome', 'reason'],
      registers,
    });
    this.slackCalls = new Counter({ name: 'deep_thoughts_slack_calls_total', help: 'Slack Web API requests (each retry is a request), by method.', labelNames: ['method'], registers });
    this.slackErrors = new Counter({
      name: 'deep_thoughts_slack_errors_total',
      help: "Slack Web API requests that failed, by method and error (Slack's code, http_<status>, or network).",
      labelNames: ['method', 'error'],
      registers,
    });
    this.slackRateLimited = new Counter({ name: 'deep_thoughts_slack_rate_limited_total', help: 'Slack Web API requests answered 429, by method.', labelNames: ['method'], registers });

    const { openSessions, pool } = sources;
    if (openSessions) {
      new Gauge({
        name: 'deep_thoughts_open_sessions',
        help: 'Coaching sessions neither completed nor abandoned.',
        registers,
        async collect() {
          this.set(await openSessions());
        },
      });
    }
    if (pool) {
      new Gauge({
        name: 'deep_thoughts_db_pool_connections',
        help: 'The Postgres pool: connections open (total), idle, and queries waiting for one.',
        labelNames: ['state'],
        registers,
        collect() {
          this.set({ state: 'total' }, pool.totalCount);
          this.set({ state: 'idle' }, pool.idleCount);
          this.set({ state: 'waiting' }, pool.waitingCount);
        },
      });
    }
  }

  /** The Prometheus text exposition format, and its content type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  // --- ReplyMeter (src/slack/meter.ts) ---

  replied(kind: string, seconds?: number): void {
    this.replies.inc({ kind });
    if (seconds !== undefined) this.replySeconds.observe({ kind }, seconds);
  }

  // --- ModelMeter (src/coach/ports.ts) ---

  modelCall(call: ModelCallMeasure): void {
    const labels = { model: call.model, op: call.op, outcome: call.outcome };
    this.modelCalls.inc(labels);
    this.modelSeconds.observe(labels, call.seconds);
    const usage = call.usage;
    if (!usage) return;
    const tokens = (type: string, n: number) => {
      if (n > 0) this.modelTokens.inc({ model: call.model, op: call.op, type }, n);
    };
    tokens('input', usage.input);
    tokens('output', usage.output);
    tokens('cache_read', usage.cacheRead);
    tokens('cache_write', usage.cacheWrite);
  }

  // --- NudgeMeter (src/nudge/ports.ts) ---

  nudge(outcome: 'sent' | 'skipped' | 'failed', reason?: string): void {
    this.nudges.inc({ outcome, reason: reason ?? '' });
  }

  // --- SlackMeter (src/slack/meter.ts) ---

  slackCall(method: string): void {
    this.slackCalls.inc({ method });
  }

  slackError(method: string, error: string): void {
    this.slackErrors.inc({ method, error });
  }

  slackRateLimit(method: string): void {
    this.slackRateLimited.inc({ method });
  }
}

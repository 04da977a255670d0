/**
 * What observability costs, in process:
 *
 * - one coded log line through src/log.ts (pino, its redaction of secret- and
 *   words-named fields, the token mask on the finished line) against the
 *   bare minimum a JSON line costs: JSON.stringify of the same object plus
 *   the same token mask (what src/log.ts did before pino). Both write to a
 *   sink that drops the line, so the figure is the logger's own work, not
 *   the terminal's;
 * - rendering GET /metrics (prom-client's text format) for a registry that
 *   has seen a busy day: every series the bot has, 2 models × 2 ops, 20
 *   Slack methods with errors, all histograms filled.
 *
 *   npx tsx bench/observability.ts      (also part of `npm run bench`)
 */
import { createLogger, redact, type LogFields } from '../src/log';
import { BotMetrics } from '../src/observability/metrics';
import { median, percentile } from './support';

export interface ObservabilityFigures {
  /** Nanoseconds per line, median of runs. */
  pinoLineNs: number;
  stringifyLineNs: number;
  /** Milliseconds per /metrics render. */
  renderP50Ms: number;
  renderP99Ms: number;
  /** Size of one scrape. */
  scrapeBytes: number;
  series: number;
}

const FIELDS: LogFields = {
  team: 'T0123ABCD',
  user: 'U0123ABCD',
  session: '4b0f3a4e-2f7c-4a51-9d0a-6f1f3b1c2d3e',
  model: 'claude-sonnet-5-5',
  op: 'turn',
  attempt: 1,
  ms: 812,
  stop_reason: 'tool_use',
  input_tokens: 2148,
  output_tokens: 57,
  cache_read_tokens: 1957,
  cache_write_tokens: 0,
};

const LINES = 20_000;
const RUNS = 7;

function nsPerLine(write: () => void): number {
  for (let i = 0; i < 2_000; i++) write(); // warm up
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < LINES; i++) write();
    runs.push(Number(process.hrtime.bigint() - started) / LINES);
  }
  return median(runs);
}

function busyMetrics(): BotMetrics {
  const metrics = new BotMetrics({ pool: { totalCount: 10, idleCount: 7, waitingCount: 0 } });
  for (let i = 0; i < 5_000; i++) metrics.replied(i % 10 === 0 ? 'report' : 'reply', (i % 300) / 37);
  for (const model of ['claude-sonnet-5-5', 'claude-haiku-5']) {
    for (const op of ['turn', 'report']) {
      for (let i = 0; i < 1_000; i++) {
        metrics.modelCall({ model, op, outcome: i % 50 === 0 ? 'failed' : 'ok', seconds: (i % 200) / 19, usage: { input: 200, output: 60, cacheRead: 1900, cacheWrite: i % 7 } });
      }
    }
  }
  const methods = Array.from({ length: 20 }, (_, i) => `method${i}.call`);
  for (const method of methods) {
    for (let i = 0; i < 100; i++) metrics.slackCall(method);
    metrics.slackError(method, 'channel_not_found');
    metrics.slackError(method, 'http_500');
    metrics.slackRateLimit(method);
  }
  for (const reason of ['already', 'paused', 'unreachable']) metrics.nudge('skipped', reason);
  metrics.nudge('sent');
  metrics.nudge('failed', 'fatal_error');
  return metrics;
}

export async function observabilityRun(): Promise<ObservabilityFigures> {
  let dropped = 0;
  const drop = (line: string) => {
    dropped += line.length;
  };
  const logger = createLogger('info', drop);
  const pinoLineNs = nsPerLine(() => logger.info('model_call', FIELDS));
  const stringifyLineNs = nsPerLine(() => drop(redact(JSON.stringify({ t: new Date().toISOString(), level: 'info', code: 'model_call', ...FIELDS }))));

  if (dropped === 0) throw new Error('no log line was written');
  const metrics = busyMetrics();
  for (let i = 0; i < 20; i++) await metrics.render(); // warm up
  const renders: number[] = [];
  let text = '';
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    text = await metrics.render();
    renders.push(performance.now() - started);
  }
  const series = text.split('\n').filter((line) => line && !line.startsWith('#')).length;
  return { pinoLineNs, stringifyLineNs, renderP50Ms: percentile(renders, 50), renderP99Ms: percentile(renders, 99), scrapeBytes: Buffer.byteLength(text), series };
}

export function describeObservability(f: ObservabilityFigures): string {
  return (
    `  observability: log line ${f.pinoLineNs.toFixed(0)} ns through pino vs ${f.stringifyLineNs.toFixed(0)} ns JSON.stringify + mask ` +
    `(${(f.pinoLineNs / f.stringifyLineNs).toFixed(2)}x); /metrics render p50 ${f.renderP50Ms.toFixed(2)} ms p99 ${f.renderP99Ms.toFixed(2)} ms ` +
    `for ${f.series} series (${(f.scrapeBytes / 1024).toFixed(1)} KiB)`
  );
}

if (require.main === module) {
  observabilityRun().then(
    (figures) => process.stdout.write(`${describeObservability(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`bench failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

/**
 * `npm run bench`: our bot against a bare Bolt echo bot (bench/echo-bot.ts)
 * on the same machine in the same run, each a child process of its own
 * started the way `NODE_ENV=production npm start` starts the bot (node on
 * the compiled build, which the bench builds first), then the morning fan-out
 * against a rate-limited fake Slack. Prints one table: our figure, the
 * echo bot's (or the floor's), their ratio, the target and PASS/MISS.
 * Asserts nothing and always exits 0 once it has printed (a bench failure
 * exits 1).
 *
 *   npm run bench
 *   BENCH_RUNS=1 npm run bench              head-to-head runs (default 3; figures are medians over runs; 0 skips them)
 *   BENCH_FANOUT_RUNS=0 npm run bench       fan-out runs (default 1: each takes minutes; 0 skips it)
 *   BENCH_FANOUT_PEOPLE=600 BENCH_FANOUT_PER_MINUTE=600
 *   BENCH_PRIVACY=0 npm run bench           skips the person's-data figures (bench/privacy.ts: export, delete, retention purge)
 *   BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"   node flags for the bot process only (profiling)
 *
 * See bench/compare.ts and bench/fan-out.ts for what is measured and how.
 * bench/coach-turn.ts and bench/nudge-pass.ts are in-process benchmarks of
 * their own (npx tsx bench/<name>.ts), not part of this run. bench/observability.ts
 * (a log line's cost, rendering /metrics) is in process too, and runs first here.
 */
import os from 'node:os';
import { BURST_PEOPLE, BURST_PER_SECOND, compareRun, CROWD, ROUNDS, type RunFigures, type SideFigures } from './compare';
import { buildForBench } from './child';
import { fanOutRun, type FanOutFigures } from './fan-out';
import { formatPrivacy, privacyRun, type PrivacyFigures } from './privacy';
import { describeObservability, observabilityRun, type ObservabilityFigures } from './observability';
import { startBenchSlack } from './slack';
import { median, startBenchCluster } from './support';

function count(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min} (got "${raw}")`);
  return value;
}

const RUNS = count('BENCH_RUNS', 3, 0);
const FANOUT_RUNS = count('BENCH_FANOUT_RUNS', 1, 0);
const FANOUT_PEOPLE = count('BENCH_FANOUT_PEOPLE', 600, 1);
const FANOUT_PER_MINUTE = count('BENCH_FANOUT_PER_MINUTE', 600, 1);
const PRIVACY = count('BENCH_PRIVACY', 1, 0);
const PRIVACY_PURGE = count('BENCH_PRIVACY_PURGE', 20_000, 100);

const TARGETS = {
  replyRatio: 1.5,
  cpuRatio: 2,
  burstAckRatio: 2,
  burstReplyP99Ms: 2_000,
  fanOutRatio: 1.1,
  rssMb: 150,
};

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Row {
  figure: string;
  ours: string;
  other: string;
  ratio: string;
  target: string;
  verdict: '' | 'PASS' | 'MISS';
}

const fixed = (digits: number) => (value: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ms = (value: number) => (Number.isFinite(value) ? (value >= 100 ? value.toFixed(0) : value.toFixed(1)) : 'n/a');
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)}x` : 'n/a');
const verdict = (ok: boolean): Row['verdict'] => (ok ? 'PASS' : 'MISS');

/** Our figure, the echo bot's, and the median over runs of their per-run ratio. */
function compared(runs: RunFigures[], pick: (side: SideFigures) => number) {
  const ours = median(runs.map((r) => pick(r.ours)));
  const echo = median(runs.map((r) => pick(r.echo)));
  const ratio = median(runs.map((r) => pick(r.ours) / pick(r.echo)));
  return { ours, echo, ratio };
}

function headToHeadRows(runs: RunFigures[]): Row[] {
  const rows: Row[] = [];
  const ratioRow = (figure: string, pick: (side: SideFigures) => number, target?: number): Row => {
    const { ours, echo, ratio } = compared(runs, pick);
    return {
      figure,
      ours: ms(ours),
      other: ms(echo),
      ratio: times(ratio),
      target: target === undefined ? '' : `≤ ${target}x echo`,
      verdict: target === undefined ? '' : verdict(ratio <= target),
    };
  };
  rows.push(ratioRow(`Reply p50, ${CROWD} people at once (ms)`, (s) => s.replyP50, TARGETS.replyRatio));
  rows.push(ratioRow(`Reply p99, ${CROWD} people at once (ms)`, (s) => s.replyP99, TARGETS.replyRatio));
  rows.push(ratioRow('CPU per reply: app process (ms)', (s) => s.cpuPerReply));
  rows.push({ figure: 'CPU per reply: Postgres (ms)', ours: ms(median(runs.map((r) => r.ours.pgCpuPerReply))), other: '-', ratio: '', target: '', verdict: '' });
  rows.push(ratioRow('CPU per reply: app + Postgres (ms)', (s) => s.cpuPerReply + s.pgCpuPerReply, TARGETS.cpuRatio));
  rows.push(ratioRow(`Burst ${BURST_PER_SECOND}/s: ack p50 (ms)`, (s) => s.burstAckP50));
  rows.push(ratioRow(`Burst ${BURST_PER_SECOND}/s: ack p99 (ms)`, (s) => s.burstAckP99, TARGETS.burstAckRatio));
  const replied = (side: 'ours' | 'echo') => {
    const worst = runs.reduce((w, r) => (r[side].burstReplied < w.burstReplied ? r[side] : w), runs[0]![side]);
    return { text: `${worst.burstReplied}/${worst.burstSent}`, all: worst.burstReplied === worst.burstSent };
  };
  rows.push({
    figure: `Burst ${BURST_PER_SECOND}/s: replied (worst run)`,
    ours: replied('ours').text,
    other: replied('echo').text,
    ratio: '',
    target: 'all',
    verdict: verdict(replied('ours').all),
  });
  rows.push(ratioRow(`Burst ${BURST_PER_SECOND}/s: reply p50 (ms)`, (s) => s.burstReplyP50));
  const replyP99 = compared(runs, (s) => s.burstReplyP99);
  rows.push({
    figure: `Burst ${BURST_PER_SECOND}/s: reply p99 (ms)`,
    ours: ms(replyP99.ours),
    other: ms(replyP99.echo),
    ratio: times(replyP99.ratio),
    target: `≤ ${TARGETS.burstReplyP99Ms} ms`,
    verdict: verdict(replyP99.ours <= TARGETS.burstReplyP99Ms),
  });
  const rss = compared(runs, (s) => s.rssApp);
  rows.push({
    figure: 'RSS after burst: app process (MB)',
    ours: fixed(0)(rss.ours),
    other: fixed(0)(rss.echo),
    ratio: times(rss.ratio),
    target: `≤ ${TARGETS.rssMb} MB`,
    verdict: verdict(rss.ours <= TARGETS.rssMb),
  });
  const launcher = compared(runs, (s) => s.rssLauncher);
  // Only when a launcher runs in front of the app (node on dist/ has none).
  if (launcher.ours > 0 || launcher.echo > 0)
    rows.push({ figure: 'RSS after burst: launcher (MB)', ours: fixed(0)(launcher.ours), other: fixed(0)(launcher.echo), ratio: times(launcher.ratio), target: '', verdict: '' });
  return rows;
}

function fanOutRows(label: string, runs: FanOutFigures[]): Row[] {
  const seconds = median(runs.map((r) => r.seconds));
  const floor = runs[0]!.floorSeconds;
  const ratio = median(runs.map((r) => r.seconds / r.floorSeconds));
  const duplicates = Math.max(...runs.map((r) => r.duplicates + r.slackDuplicates));
  const misses = Math.max(...runs.map((r) => r.misses));
  return [
    {
      figure: `${label}: time to nudge all (s)`,
      ours: fixed(1)(seconds),
      other: `${fixed(1)(floor)} (floor)`,
      ratio: times(ratio),
      target: `≤ ${TARGETS.fanOutRatio}x floor`,
      verdict: verdict(ratio <= TARGETS.fanOutRatio),
    },
    {
      figure: `${label}: duplicates / misses`,
      ours: `${duplicates} / ${misses}`,
      other: '',
      ratio: '',
      target: '0 / 0',
      verdict: verdict(duplicates === 0 && misses === 0),
    },
  ];
}

function observabilityRows(f: ObservabilityFigures): Row[] {
  return [
    { figure: 'Log line through pino (ns)', ours: fixed(0)(f.pinoLineNs), other: `${fixed(0)(f.stringifyLineNs)} (stringify)`, ratio: times(f.pinoLineNs / f.stringifyLineNs), target: '', verdict: '' },
    { figure: `GET /metrics render, ${f.series} series: p50 (ms)`, ours: fixed(2)(f.renderP50Ms), other: '-', ratio: '', target: '', verdict: '' },
    { figure: `GET /metrics render, ${f.series} series: p99 (ms)`, ours: fixed(2)(f.renderP99Ms), other: '-', ratio: '', target: '', verdict: '' },
  ];
}

function table(rows: Row[]): string {
  const header: Row = { figure: 'Figure', ours: 'Ours', other: 'Echo bot', ratio: 'Ratio', target: 'Target', verdict: '' };
  const all = [header, ...rows];
  const keys = ['figure', 'ours', 'other', 'ratio', 'target', 'verdict'] as const;
  const widths = keys.map((k) => Math.max(...all.map((row) => row[k].length)));
  const line = (row: Row) =>
    keys
      .map((k, i) => (k === 'figure' || k === 'target' || k === 'verdict' ? row[k].padEnd(widths[i]!) : row[k].padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), keys.map((_, i) => '-'.repeat(widths[i]!)).join('  '), ...rows.map(line)].join('\n');
}

/** The 1-minute load average: what else ran on the machine meanwhile (both bots saw the same). */
const loadAverage = () => os.loadavg()[0]!.toFixed(1);

async function main(): Promise<void> {
  const began = performance.now();
  log(
    `bench: ${RUNS} head-to-head run(s), ${FANOUT_RUNS} fan-out run(s) of ${FANOUT_PEOPLE} people at ${FANOUT_PER_MINUTE} chat.postMessage/min; ` +
      `${os.cpus().length} CPUs, node ${process.version}, load average ${loadAverage()}`,
  );
  const observability = await observabilityRun();
  log(describeObservability(observability));
  // Production mode runs the compiled build: build it (and the echo bot) before anything is measured.
  buildForBench();
  const cluster = await startBenchCluster();
  const runs: RunFigures[] = [];
  const fanOuts: Record<1 | 2, FanOutFigures[]> = { 1: [], 2: [] };
  let privacy: PrivacyFigures | undefined;
  try {
    const slack = await startBenchSlack();
    try {
      for (let run = 1; run <= RUNS; run++) {
        const figures = await compareRun(run, cluster, slack, log);
        runs.push(figures);
        for (const side of ['ours', 'echo'] as const) {
          const f = figures[side];
          log(
            `  run ${run} ${side.padEnd(4)}: reply p50 ${ms(f.replyP50)} p99 ${ms(f.replyP99)} ms (${f.roundMisses} missing), ` +
              `CPU/reply ${ms(f.cpuPerReply)} ms + Postgres ${ms(f.pgCpuPerReply)} ms; ` +
              `burst ack p50 ${ms(f.burstAckP50)} p99 ${ms(f.burstAckP99)} ms, reply p50 ${ms(f.burstReplyP50)} p99 ${ms(f.burstReplyP99)} ms, ` +
              `${f.burstReplied}/${f.burstSent} replied${f.burstRefused ? ` (${f.burstRefused} refused)` : ''}; RSS ${fixed(0)(f.rssApp)} MB${f.rssLauncher ? ` (+ launcher ${fixed(0)(f.rssLauncher)} MB)` : ''}`,
          );
        }
      }
    } finally {
      await slack.close();
    }
    for (let run = 1; run <= FANOUT_RUNS; run++) {
      for (const processes of [1, 2] as const) {
        const f = await fanOutRun(`r${run}p${processes}`, cluster, { processes, people: FANOUT_PEOPLE, perMinute: FANOUT_PER_MINUTE }, log);
        fanOuts[processes].push(f);
        log(
          `  fan-out run ${run}, ${processes} process${processes > 1 ? 'es' : ''}: ${fixed(1)(f.seconds)} s from the tick's start ` +
            `(${fixed(1)(f.secondsFromQueued)} s from queueing it), floor ${fixed(1)(f.floorSeconds)} s; nudged ${f.nudged}/${f.people}, ` +
            `duplicates ${f.duplicates} in the database and ${f.slackDuplicates} on Slack, ${f.rateLimited} answered 429`,
        );
      }
    }
    if (PRIVACY > 0) {
      privacy = await privacyRun(cluster, PRIVACY_PURGE, log);
    }
  } finally {
    await cluster.stop();
  }

  const rows = runs.length > 0 ? headToHeadRows(runs) : [];
  if (FANOUT_RUNS > 0) rows.push(...fanOutRows('Fan-out, 1 process', fanOuts[1]), ...fanOutRows('Fan-out, 2 processes', fanOuts[2]));
  rows.push(...observabilityRows(observability));
  log('');
  log(table(rows));
  log('');
  log(
    `Medians over ${RUNS} run(s) (fan-out: ${FANOUT_RUNS}); "Ratio" is the median of each run's ours/echo (fan-out: time/floor). ` +
      `Replies: ${ROUNDS} rounds of ${CROWD} people at once per bot, interleaved; burst: ${BURST_PEOPLE} first DMs at ${BURST_PER_SECOND}/s. ` +
      `CPU and RSS from /proc per process; Postgres is the bench's own cluster (postmaster and backends). ` +
      `Fan-out: ${FANOUT_PEOPLE} people due, chat.postMessage limited to ${FANOUT_PER_MINUTE}/min; the floor is N/R. ` +
      `Took ${((performance.now() - began) / 60_000).toFixed(1)} min; load average at the end ${loadAverage()}.`,
  );
  if (privacy) {
    log('');
    log("The person's data (bench/privacy.ts, in process, on the bench's Postgres):");
    for (const line of formatPrivacy(privacy)) log(`  ${line}`);
  }
}

main().then(
  // Kept-alive sockets to children that are gone would only keep the process waiting.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * One run of the head-to-head: our bot (started as `npm start` starts it)
 * and the bare Bolt echo bot (bench/echo-bot.ts), each a child process of
 * its own, against the bench's fake Slack, their rounds interleaved so that
 * whatever else the machine does hits both.
 *
 * - Replies, 50 people at once: 6 rounds per bot, alternating bot/echo
 *   (which goes first alternates too). Round 1 is each person's first DM,
 *   rounds 2-6 their answers in the thread. Per reply: the time from sending
 *   the signed event to the fake Slack storing the bot's next message in
 *   that thread. CPU: the app process's CPU time over its own rounds (from
 *   /proc/<pid>/stat) per reply; for our bot also its Postgres cluster's
 *   (postmaster and backends, /proc).
 * - A burst: 1,000 distinct people's first DMs at 200/s for 5 s. Per DM the
 *   HTTP answer time (the ack) and the reply time; how many got a reply.
 * - Memory: VmRSS of each process after the burst.
 *
 * Both bots get a warm-up round first (not measured): a process that has
 * answered nobody yet is not what people meet in production. Before every
 * round and burst the bench waits for the machine to go quiet (bench, both
 * bots and Postgres under a tenth of a core), so one side's after-work does
 * not land on the other's figures.
 */
import { freePort } from '../src/db/embedded';
import { directMessageEvent, sendEvent, type SlackSender } from '../devtools/fake-slack/signed-requests';
import type { TeamRecord } from '../devtools/fake-slack';
import { cleanEnv, ECHO_BOT_JS, startChild, startCommand, type BenchChild } from './child';
import { cpuMs, familyCpuMs, rssMb } from './proc';
import type { BenchSlack } from './slack';
import { percentile, type BenchCluster } from './support';

export const CROWD = 50;
export const ROUNDS = 6;
export const BURST_PEOPLE = 1_000;
export const BURST_PER_SECOND = 200;
const WARM_UP = 10;
/** A reply that has not come after this long counts as missing. */
const REPLY_TIMEOUT_MS = 60_000;

export interface SideFigures {
  replyP50: number;
  replyP99: number;
  /** Replies that never came in the rounds. */
  roundMisses: number;
  /** CPU time of the app process per reply, ms. */
  cpuPerReply: number;
  /** Postgres's CPU time per reply, ms (0 for the echo bot, which has none). */
  pgCpuPerReply: number;
  burstAckP50: number;
  burstAckP99: number;
  burstReplyP50: number;
  burstReplyP99: number;
  burstReplied: number;
  burstSent: number;
  /** Non-200 answers to the burst's events. */
  burstRefused: number;
  rssApp: number;
  rssLauncher: number;
}

export interface RunFigures {
  ours: SideFigures;
  echo: SideFigures;
}

const SECRET = 'bench-signing-secret';
const TEXTS = [
  'good morning',
  'I need to finish the quarterly plan today',
  'it matters because the team is waiting on the numbers',
  'I could start with last quarter and ask finance for the rest',
  'the hard part is finding two quiet hours',
  'I will block the morning and switch off chat',
];

interface Person {
  user: string;
  channel: string;
  /** The thread of their conversation, once they wrote first. */
  root?: string;
}

interface Side {
  name: 'ours' | 'echo';
  proc: BenchChild;
  team: TeamRecord;
  sender: SlackSender;
  /** Postgres's postmaster, whose family's CPU is counted with our bot's. */
  pgPid?: number;
  latencies: number[];
  misses: number;
  cpu: number;
  pgCpu: number;
  replies: number;
}

/**
 * A person of the side's workspace, with their DM open. Their time zone is
 * one where it is mid-afternoon now, so no morning nudge of the running bot
 * (its scheduler runs, as under `npm start`) lands in the middle of a round.
 */
function newPerson(slack: BenchSlack, team: TeamRecord, id: string): Person {
  const user = slack.state.addUser({ teamId: team.id, id, firstName: `P${id}`, tz: afternoonZone() }).id;
  return { user, channel: slack.state.openIm(team.id, user).channel.id };
}

/** An Etc/GMT zone where the local hour is about 15:00 now. */
function afternoonZone(): string {
  let offset = 15 - new Date().getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  // Etc/GMT's signs are POSIX's: Etc/GMT-3 is three hours ahead of UTC.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A person's message, as Slack stores and delivers it; resolves with the ack and reply times (ms, NaN for none). */
async function say(slack: BenchSlack, side: Side, person: Person, text: string): Promise<{ ack: number; reply: number; status: number }> {
  const message = slack.state.postMessage({ channel: person.channel, user: person.user, text, ...(person.root ? { thread_ts: person.root } : {}) });
  const root = person.root ?? message.ts;
  const replied = slack.nextReplyIn(person.channel, root);
  const start = performance.now();
  const sent = sendEvent(side.sender, directMessageEvent({ user: person.user, channel: person.channel, ts: message.ts, text, threadTs: person.root }));
  const { status } = await sent;
  const ack = performance.now() - start;
  person.root = root;
  if (status !== 200) return { ack, reply: NaN, status };
  let timer: NodeJS.Timeout | undefined;
  const at = await Promise.race([replied, new Promise<number>((resolve) => (timer = setTimeout(() => resolve(NaN), REPLY_TIMEOUT_MS)))]);
  clearTimeout(timer);
  return { ack, reply: at - start, status };
}

/**
 * Waits (at most `maxMs`) until the machine is quiet again: the bench itself,
 * both bots and Postgres together using under a tenth of a core for 300 ms,
 * so one bot's after-work (Postgres's autovacuum after a burst, a GC) does
 * not land on the other's measurement.
 */
async function settle(pids: number[], pgPid: number, maxMs: number): Promise<void> {
  const total = () => {
    const own = process.cpuUsage();
    return (own.user + own.system) / 1000 + familyCpuMs(pgPid) + pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  };
  const deadline = performance.now() + maxMs;
  let before = total();
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    const now = total();
    if (now - before < 30) return;
    before = now;
  }
}

/** One round: everyone in `crowd` writes at the same moment; CPU is read around it (and the quiet after). */
async function round(slack: BenchSlack, side: Side, crowd: Person[], text: string): Promise<void> {
  const cpu0 = cpuMs(side.proc.appPid);
  const pg0 = side.pgPid ? familyCpuMs(side.pgPid) : 0;
  const results = await Promise.all(crowd.map((person) => say(slack, side, person, text)));
  // Work after the reply (the 💭 taken off) belongs to this round.
  await slack.quiet(200);
  side.cpu += cpuMs(side.proc.appPid) - cpu0;
  side.pgCpu += side.pgPid ? familyCpuMs(side.pgPid) - pg0 : 0;
  for (const result of results) {
    if (Number.isNaN(result.reply)) side.misses += 1;
    else {
      side.latencies.push(result.reply);
      side.replies += 1;
    }
  }
}

/** 1,000 first DMs at 200/s, each sent at its own moment whatever the answers before it. */
async function burst(slack: BenchSlack, side: Side, people: Person[]) {
  const gapMs = 1000 / BURST_PER_SECOND;
  const start = performance.now();
  const pending: Promise<{ ack: number; reply: number; status: number }>[] = [];
  for (let i = 0; i < people.length; i++) {
    const due = start + i * gapMs;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(say(slack, side, people[i]!, 'good morning, I have a busy day ahead'));
  }
  const results = await Promise.all(pending);
  await slack.quiet(200);
  const acks = results.map((r) => r.ack);
  const replies = results.filter((r) => !Number.isNaN(r.reply)).map((r) => r.reply);
  return {
    burstAckP50: percentile(acks, 50),
    burstAckP99: percentile(acks, 99),
    burstReplyP50: percentile(replies, 50),
    burstReplyP99: percentile(replies, 99),
    burstReplied: replies.length,
    burstSent: results.length,
    burstRefused: results.filter((r) => r.status !== 200).length,
  };
}

export async function compareRun(run: number, cluster: BenchCluster, slack: BenchSlack, log: (line: string) => void): Promise<RunFigures> {
  const databaseUrl = await cluster.createDatabase(`bench_bot_${run}`);
  const [botPort, echoPort] = [await freePort(), await freePort()];
  const command = startCommand();
  // Profiling the bot alone: BENCH_BOT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (node's flags, before the script).
  const botFlags = (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const started = await Promise.allSettled([
    startChild(
      'bot',
      [...command.slice(0, -1), ...botFlags, command[command.length - 1]!],
      command[command.length - 1]!,
      cleanEnv({ SLACK_BOT_TOKEN: slack.ours.bot.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, DATABASE_URL: databaseUrl, PORT: String(botPort), NODE_ENV: 'production' }),
      /"code":"started"/,
    ),
    startChild(
      'echo',
      // The same launcher as the bot's (node on compiled JavaScript), on the echo bot's file.
      [...command.slice(0, -1), ECHO_BOT_JS],
      ECHO_BOT_JS,
      cleanEnv({ SLACK_BOT_TOKEN: slack.echo.bot.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, PORT: String(echoPort), NODE_ENV: 'production' }),
      /"code":"started"/,
    ),
  ]);
  const procs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(procs.map((p) => p.stop()));
    throw failed.reason;
  }
  const [bot, echo] = procs as [BenchChild, BenchChild];
  const side = (name: 'ours' | 'echo', proc: BenchChild, team: TeamRecord, port: number, pgPid?: number): Side => ({
    name,
    proc,
    team,
    sender: { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, teamId: team.id, apiAppId: team.bot.app_id },
    pgPid,
    latencies: [],
    misses: 0,
    cpu: 0,
    pgCpu: 0,
    replies: 0,
  });
  const ours = side('ours', bot, slack.ours, botPort, cluster.serverPid());
  const theirs = side('echo', echo, slack.echo, echoPort);

  try {
    const tag = (s: Side) => `${s.name === 'ours' ? 'B' : 'E'}${run}`;
    const crowd = (s: Side, what: string, n: number) => Array.from({ length: n }, (_, i) => newPerson(slack, s.team, `U${tag(s)}${what}${String(i).padStart(4, '0')}`));
    const warm = { ours: crowd(ours, 'W', WARM_UP), echo: crowd(theirs, 'W', WARM_UP) };
    const rounds = { ours: crowd(ours, 'R', CROWD), echo: crowd(theirs, 'R', CROWD) };
    const bursts = { ours: crowd(ours, 'X', BURST_PEOPLE), echo: crowd(theirs, 'X', BURST_PEOPLE) };

    const quietMachine = (maxMs: number) => settle([bot.appPid, echo.appPid], ours.pgPid!, maxMs);
    for (const s of [ours, theirs]) {
      await Promise.all(warm[s.name].map((person) => say(slack, s, person, 'good morning')));
      await slack.quiet(200);
    }

    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [ours, theirs] : [theirs, ours];
      for (const s of order) {
        await quietMachine(5_000);
        await round(slack, s, rounds[s.name], TEXTS[r % TEXTS.length]!);
      }
    }
    log(`  run ${run}: rounds done (ours ${ours.replies} replies, echo ${theirs.replies})`);

    const burstOrder = run % 2 === 1 ? [ours, theirs] : [theirs, ours];
    const burstFigures: Partial<Record<Side['name'], Awaited<ReturnType<typeof burst>>>> = {};
    const memory: Partial<Record<Side['name'], { rssApp: number; rssLauncher: number }>> = {};
    for (const s of burstOrder) {
      await quietMachine(30_000);
      burstFigures[s.name] = await burst(slack, s, bursts[s.name]);
      memory[s.name] = { rssApp: rssMb(s.proc.appPid), rssLauncher: s.proc.launcherPid === s.proc.appPid ? 0 : rssMb(s.proc.launcherPid) };
      log(`  run ${run}: ${s.name} burst: ${burstFigures[s.name]!.burstReplied}/${burstFigures[s.name]!.burstSent} replied`);
    }

    const figures = (s: Side): SideFigures => ({
      replyP50: percentile(s.latencies, 50),
      replyP99: percentile(s.latencies, 99),
      roundMisses: s.misses,
      cpuPerReply: s.cpu / Math.max(1, s.replies),
      pgCpuPerReply: s.pgCpu / Math.max(1, s.replies),
      ...burstFigures[s.name]!,
      ...memory[s.name]!,
    });
    return { ours: figures(ours), echo: figures(theirs) };
  } finally {
    await Promise.all([bot.stop(), echo.stop()]);
    for (const proc of [bot, echo]) {
      const problems = [...proc.problems()].map(([code, n]) => `${code} ×${n}`);
      if (problems.length > 0) log(`  run ${run}: ${proc.name} logged ${problems.slice(0, 8).join(', ')}${problems.length > 8 ? ', …' : ''}`);
    }
  }
}

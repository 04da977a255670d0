/**
 * What one coaching turn costs the bot itself: the offline coach (no model
 * latency), a real Postgres, the real Bolt app over signed HTTP and the fake
 * Slack Web API on loopback. Prints medians of 3 runs, each against a
 * baseline measured in the same run (a bare insert + select round trip to the
 * same Postgres), since these machines are shared and noisy. Asserts nothing.
 *
 *   npx tsx bench/coach-turn.ts   (BENCH_TURNS=50 for a quicker look)
 */
import { loadConfig } from '../src/config';
import { freePort } from '../src/db/embedded';
import { directMessageEvent, sendEvent } from '../devtools/fake-slack/signed-requests';
import { startSlackApi } from '../devtools/fake-slack';
import { createLogger } from '../src/log';
import { startBot } from '../src/server';
import { median, startBenchDatabase } from './support';

const TURNS = Number(process.env.BENCH_TURNS ?? 200);
const BURST = 50;
const RUNS = 3;


export async function benchCoachTurn(): Promise<void> {
  const pg = await startBenchDatabase('bench_turns');
  const slack = await startSlackApi();
  const port = await freePort();
  const secret = 'bench-signing-secret';
  const config = loadConfig({ SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.url, DATABASE_URL: pg.url, PORT: String(port) });
  const bot = await startBot(config, { logger: createLogger('error', () => {}), nudges: false });
  const sender = { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: secret, teamId: slack.team.id };
  let people = 0;

  /** One person's DM: the time from sending the signed event to the coach's reply on Slack. */
  async function turn(user: string, channel: string, threadTs: string | undefined, text: string): Promise<{ ms: number; ts: string }> {
    const message = slack.state.postMessage({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    const root = threadTs ?? message.ts;
    // Woken by the fake Slack's change stream, not by polling, so waiting costs no CPU.
    const replied = new Promise<void>((resolve) => {
      const stop = slack.state.onChange((change) => {
        if (change.type === 'message_posted' && change.message.bot_id && change.message.channel === channel && change.message.thread_ts === root) {
          stop();
          resolve();
        }
      });
    });
    const start = performance.now();
    await sendEvent(sender, directMessageEvent({ user, channel, ts: message.ts, text, threadTs }));
    await replied;
    return { ms: performance.now() - start, ts: message.ts };
  }

  function newPerson(): { user: string; channel: string } {
    const user = slack.state.addUser({ id: `UT${String(++people).padStart(6, '0')}`, firstName: `Person${people}`, tz: 'Europe/Berlin' }).id;
    return { user, channel: slack.state.openIm(slack.team.id, user).channel.id };
  }

  try {
    const baselines: number[] = [];
    const turns: number[] = [];
    const bursts: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      // Baseline: one write and one read round trip to the same Postgres.
      const times: number[] = [];
      for (let i = 0; i < TURNS; i++) {
        const start = performance.now();
        await bot.database.pool.query("select set_config('bench.x', $1, false)", [String(i)]);
        await bot.database.pool.query('select 1');
        times.push(performance.now() - start);
      }
      const baseline = median(times);

      // Sequential turns: 10 people, each a first DM then replies in its thread.
      const latencies: number[] = [];
      const perPerson = Math.max(1, Math.floor(TURNS / 10));
      for (let p = 0; p < 10; p++) {
        const { user, channel } = newPerson();
        const first = await turn(user, channel, undefined, 'I need to finish the quarterly plan today');
        latencies.push(first.ms);
        for (let i = 1; i < perPerson; i++) latencies.push((await turn(user, channel, first.ts, `answer number ${i} about the plan`)).ms);
      }
      const perTurn = median(latencies);

      // A burst: BURST people write at the same moment.
      const crowd = Array.from({ length: BURST }, newPerson);
      const start = performance.now();
      await Promise.all(crowd.map(({ user, channel }) => turn(user, channel, undefined, 'good morning')));
      const burst = performance.now() - start;

      baselines.push(baseline);
      turns.push(perTurn);
      bursts.push(burst);
      process.stdout.write(
        `run ${run}: baseline ${baseline.toFixed(2)} ms, turn ${perTurn.toFixed(2)} ms (${(perTurn / baseline).toFixed(1)}x), burst of ${BURST} ${burst.toFixed(0)} ms\n`,
      );
    }
    const ratios = turns.map((t, i) => t / baselines[i]!);
    process.stdout.write(
      `median of ${RUNS}: one turn, signed event to reply on Slack ${median(turns).toFixed(2)} ms = ${median(ratios).toFixed(1)}x a Postgres write+read round trip (${median(baselines).toFixed(2)} ms); ` +
        `${BURST} people at once ${median(bursts).toFixed(0)} ms (${((BURST / median(bursts)) * 1000).toFixed(0)} replies/s)\n`,
    );
  } finally {
    await bot.stop();
    await slack.close();
    await pg.stop();
  }
}

if (require.main === module) {
  benchCoachTurn().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

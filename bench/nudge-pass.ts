/**
 * How long one nudge pass takes for 10,000 enrolled people, all due at the
 * same minute, against the fake Slack Web API answering at once (real HTTP
 * on loopback, real WebClient), on an embedded Postgres in a temp directory.
 * Prints figures; asserts nothing about speed.
 *
 *   npx tsx bench/nudge-pass.ts   (BENCH_PEOPLE=2000 for a quicker look; not part of `npm run bench`)
 */
import { connectDatabase, migrateDatabase } from '../src/db/client';
import { startSlackApi } from '../devtools/fake-slack';
import { createLogger } from '../src/log';
import { createPace, DEFAULT_PACE } from '../src/nudge/pace';
import { runNudgeCommand } from '../src/cli/nudge-command';
import { createNudgeClient } from '../src/slack/nudge-client';
import { median, startBenchDatabase } from './support';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const RUNS = 3;
// Monday 2 February 2026, 09:00 in Berlin: everyone is due.
const AT = new Date('2026-02-02T08:00:00Z');
const IDLE_AT = new Date('2026-02-02T12:00:00Z');

export async function benchNudgePass(): Promise<void> {
  const pg = await startBenchDatabase('bench_nudges');
  const database = connectDatabase(pg.url, { max: 10 });
  const slack = await startSlackApi();
  try {
    await migrateDatabase(database.db);
    const logger = createLogger('error', () => {});
    const client = createNudgeClient({ token: slack.botToken, apiUrl: slack.url, logger, retryConfig: { retries: 0 } });

    // Enrolled people with their DM already open (the usual case: they wrote to the bot once).
    const teams: string[] = [];
    const users: string[] = [];
    const channels: string[] = [];
    for (let i = 0; i < PEOPLE; i++) {
      const person = slack.state.addUser({ id: `UB${String(i).padStart(6, '0')}`, firstName: `Person${i}`, tz: 'Europe/Berlin' });
      teams.push(slack.team.id);
      users.push(person.id);
      channels.push(slack.state.openIm(slack.team.id, person.id).channel.id);
    }
    await database.pool.query(
      `insert into users (team_id, user_id, first_name, tz, tz_checked_at, dm_channel_id)
       select t, u, 'Person', 'Europe/Berlin', $4, c from unnest($1::text[], $2::text[], $3::text[]) as x(t, u, c)`,
      [teams, users, channels, AT],
    );

    /**
     * The baseline, measured in each run: the same number of bare
     * chat.postMessage calls at the same concurrency, with no database and no
     * scheduling. The pass's figure is reported as a ratio to it.
     */
    const postsAlone = async (): Promise<number> => {
      const started = process.hrtime.bigint();
      let next = 0;
      await Promise.all(
        Array.from({ length: DEFAULT_PACE.concurrency }, async () => {
          while (next < PEOPLE) {
            const i = next++;
            await client.chat.postMessage({ channel: channels[i]!, text: 'baseline' });
          }
        }),
      );
      return Number(process.hrtime.bigint() - started) / 1e6;
    };

    const measure = async (label: string, at: Date, pace: ReturnType<typeof createPace>, options: { before?: () => Promise<void>; baseline?: boolean } = {}) => {
      const times: number[] = [];
      const ratios: number[] = [];
      let line = '';
      for (let run = 0; run < RUNS; run++) {
        await options.before?.();
        const started = process.hrtime.bigint();
        ({ line } = await runNudgeCommand({ db: database.db, client, teamId: slack.team.id, logger, pace }, at));
        const took = Number(process.hrtime.bigint() - started) / 1e6;
        times.push(took);
        if (options.baseline) ratios.push(took / (await postsAlone()));
      }
      const m = median(times);
      process.stdout.write(
        `${label}: median ${(m / 1000).toFixed(2)} s of ${RUNS} runs [${times.map((t) => (t / 1000).toFixed(2)).join(', ')}]` +
          (line.startsWith('nudged 0') ? '' : `, ${((m / PEOPLE) * 1000).toFixed(0)} µs per nudge`) +
          (ratios.length ? `, ${median(ratios).toFixed(1)}x the same number of bare chat.postMessage calls` : '') +
          ` — "${line}"\n`,
      );
    };
    const fresh = async () => {
      await database.pool.query('truncate table sessions cascade');
    };

    process.stdout.write(`nudge pass, ${PEOPLE.toLocaleString('en')} enrolled people, fake Slack on loopback answering at once\n`);
    // The default concurrency, without the default spacing: what the engine itself costs.
    await measure(`  all due, concurrency ${DEFAULT_PACE.concurrency}`, AT, createPace(DEFAULT_PACE), { before: fresh, baseline: true });
    await measure('  nobody due (the every-minute tick)', IDLE_AT, createPace({ concurrency: 4, perSecond: Infinity }));
    process.stdout.write("  Slack's own pace (per workspace, across replicas) is the rate gate's: see the fan-out bench\n");
  } finally {
    await slack.close();
    await database.close();
    await pg.stop();
  }
}

if (require.main === module) {
  benchNudgePass().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

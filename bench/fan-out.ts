/**
 * The morning fan-out as production runs it: N enrolled people become due
 * at once, and the bot's own scheduler (pg-boss in the `npm start` process:
 * a `nudge-tick` job plans the pass and queues one `nudge` job per person,
 * which its workers post through the nudge pace) nudges them all, against a
 * fake Slack that allows chat.postMessage R times a minute and answers 429
 * with Retry-After beyond that. Then the same with two bot processes on the
 * same database, as two replicas would run it.
 *
 * The bench makes everyone due only once the processes are up, then puts a
 * tick on the queue itself (the same job pg-boss's every-minute cron puts
 * there) rather than waiting for the next minute. The time is from the
 * moment the first tick of the pass started (pgboss.job.started_on) to the
 * fake Slack storing the last nudge; the floor is N/R. Duplicates and
 * misses are counted in the database (a posted nudge session per person;
 * the unique index makes a second session impossible, so Slack's own count
 * of nudges per DM is given beside it).
 */
import PgBoss from 'pg-boss';
import { connectDatabase, migrateDatabase } from '../src/db/client';
import { freePort } from '../src/db/embedded';
import { cleanEnv, startChild, startCommand, type BenchChild } from './child';
import { startBenchSlack } from './slack';
import type { BenchCluster } from './support';

export interface FanOutFigures {
  processes: number;
  people: number;
  perMinute: number;
  /** N/R, seconds. */
  floorSeconds: number;
  /** From the pass's first tick starting to the last nudge on Slack, seconds (NaN when not everyone got one). */
  seconds: number;
  /** From the bench queueing the tick to the last nudge, seconds. */
  secondsFromQueued: number;
  /** People with a posted nudge session today (the database). */
  nudged: number;
  /** Nudge sessions beyond one per person and day (the database). */
  duplicates: number;
  /** Enrolled, due people without a posted nudge (the database). */
  misses: number;
  /** Nudges beyond one per DM, as the fake Slack stored them. */
  slackDuplicates: number;
  /** chat.postMessage calls the fake Slack answered 429. */
  rateLimited: number;
}

const SECRET = 'bench-signing-secret';

export async function fanOutRun(
  tag: string,
  cluster: BenchCluster,
  options: { processes: number; people: number; perMinute: number },
  log: (line: string) => void,
): Promise<FanOutFigures> {
  const { processes, people, perMinute } = options;
  const floorSeconds = (people / perMinute) * 60;
  const slack = await startBenchSlack();
  const url = await cluster.createDatabase(`bench_fanout_${tag}`);
  const database = connectDatabase(url, { max: 2 });
  const procs: BenchChild[] = [];
  let boss: PgBoss | undefined;
  try {
    await migrateDatabase(database.db);
    // Enrolled, every day of the week, with their DM already open (they wrote to the bot once), not due yet.
    const users: string[] = [];
    const channels: string[] = [];
    for (let i = 0; i < people; i++) {
      const person = slack.state.addUser({ teamId: slack.ours.id, id: `UF${tag.toUpperCase()}${String(i).padStart(5, '0')}`, firstName: `Person${i}`, tz: 'UTC' });
      users.push(person.id);
      channels.push(slack.state.openIm(slack.ours.id, person.id).channel.id);
    }
    const minuteNow = () => {
      const now = new Date();
      return now.getUTCHours() * 60 + now.getUTCMinutes();
    };
    await database.pool.query(
      `insert into users (team_id, user_id, first_name, tz, tz_checked_at, dm_channel_id, enrolled, nudge_minute, nudge_days)
       select $1, u, 'Person', 'UTC', now(), c, true, $4, '{1,2,3,4,5,6,7}' from unnest($2::text[], $3::text[]) as x(u, c)`,
      [slack.ours.id, users, channels, (minuteNow() + 720) % 1440],
    );

    const command = startCommand();
    const started = await Promise.allSettled(
      Array.from({ length: processes }, async (_, i) =>
        startChild(
          `nudger ${i + 1}`,
          command,
          command[command.length - 1]!,
          cleanEnv({ SLACK_BOT_TOKEN: slack.ours.bot.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.url, DATABASE_URL: url, PORT: String(await freePort()), NODE_ENV: 'production' }),
          /"code":"started"/,
        ),
      ),
    );
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;

    slack.rateLimit(perMinute);
    // Everyone due now (their nudge minute is this minute, UTC), then the tick that plans the pass.
    const dueSince = new Date();
    await database.pool.query('update users set nudge_minute = $1', [minuteNow()]);
    boss = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 1 });
    boss.on('error', () => {});
    await boss.start();
    const queuedAt = performance.now();
    await boss.send('nudge-tick', {});

    const deadline = performance.now() + Math.max(4 * floorSeconds, floorSeconds + 120) * 1000;
    const posts = slack.topLevelPosts();
    let reported = 0;
    while (posts.size < people && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      if (performance.now() - queuedAt > (reported + 1) * 30_000) {
        reported += 1;
        log(`  fan-out ${tag}: ${posts.size}/${people} nudged after ${reported * 30} s`);
      }
    }
    let lastAt = 0;
    for (const { lastAt: at } of posts.values()) lastAt = Math.max(lastAt, at);
    // A little longer: a second nudge (a duplicate) would show now.
    await new Promise((r) => setTimeout(r, 3_000));

    const { rows: ticks } = await database.pool.query<{ started: Date | null }>(
      `select min(started_on) as started from pgboss.job where name = 'nudge-tick' and started_on >= $1`,
      [dueSince],
    );
    const tickStarted = ticks[0]?.started ?? null;
    const { rows: counts } = await database.pool.query<{ nudged: string; duplicates: string }>(
      `select count(distinct (team_id, user_id)) filter (where thread_ts is not null) as nudged,
              count(*) - count(distinct (team_id, user_id, local_date)) as duplicates
         from sessions where origin = 'nudge'`,
    );
    const nudged = Number(counts[0]?.nudged ?? 0);
    let slackDuplicates = 0;
    for (const { count } of posts.values()) slackDuplicates += count - 1;
    const complete = posts.size >= people;
    const lastEpoch = performance.timeOrigin + lastAt;
    return {
      processes,
      people,
      perMinute,
      floorSeconds,
      seconds: complete && tickStarted ? (lastEpoch - tickStarted.getTime()) / 1000 : NaN,
      secondsFromQueued: complete ? (lastAt - queuedAt) / 1000 : NaN,
      nudged,
      duplicates: Number(counts[0]?.duplicates ?? 0),
      misses: people - nudged,
      slackDuplicates,
      rateLimited: slack.rateLimited(),
    };
  } finally {
    await boss?.stop({ graceful: false, wait: true }).catch(() => {});
    await Promise.all(procs.map((p) => p.stop()));
    for (const proc of procs) {
      const problems = [...proc.problems()].map(([code, n]) => `${code} ×${n}`);
      if (problems.length > 0) log(`  fan-out ${tag}: ${proc.name} logged ${problems.slice(0, 8).join(', ')}${problems.length > 8 ? ', …' : ''}`);
    }
    await database.close();
    await slack.close();
  }
}

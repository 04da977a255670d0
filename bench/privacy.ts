/**
 * The person's data at scale, in process, on an embedded Postgres of its
 * own: how long exporting one person and deleting one person take (medians
 * over several people, each with a long history), and how long the nightly
 * retention purge takes to delete many old sessions (with their messages
 * and reports) from among recent ones. Prints figures; asserts nothing.
 *
 *   npx tsx bench/privacy.ts       (also part of `npm run bench`; BENCH_PRIVACY=0 skips it there)
 *   BENCH_PRIVACY_PURGE=5000       old sessions the purge deletes (default 20,000, 5 messages and a report each)
 */
import { connectDatabase, migrateDatabase, type DatabaseHandle } from '../src/db/client';
import { deletePerson, exportPerson } from '../src/db/queries/person-data';
import { purgeSessionsBefore } from '../src/db/queries/sessions';
import { exportDocument } from '../src/privacy/service';
import { median, startBenchCluster, type BenchCluster } from './support';

/** People measured for export and delete, each with this history. */
const PEOPLE = 9;
const SESSIONS_EACH = 250;
const MESSAGES_EACH = 20;
/** Everyone else in the workspace, so the person's rows are a small part of the tables. */
const CROWD = 400;
const CROWD_SESSIONS = 25;

export interface PrivacyFigures {
  people: number;
  sessionsEach: number;
  messagesEach: number;
  exportMs: number;
  exportBytes: number;
  deleteMs: number;
  purged: number;
  purgeSeconds: number;
  keptSessions: number;
}

/** `count` sessions for each of `users` in T1 from `from` on, one a day, each with messages and a report. */
async function seed(database: DatabaseHandle, users: string[], count: number, messages: number, from: string): Promise<void> {
  await database.pool.query(
    `insert into users (team_id, user_id, first_name, tz, dm_channel_id) select 'T1', u, 'Person', 'Europe/Berlin', 'D' || u from unnest($1::text[]) as u on conflict do nothing`,
    [users],
  );
  await database.pool.query(
    `with s as (
       insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, agenda, status, version, created_at, updated_at)
       select 'T1', u, ($3::date + d), 'D' || u, (extract(epoch from ($3::date + d)::timestamptz) + 0.0001)::text || u, 'person', 'oneMoreThing',
              '{}'::jsonb, 'completed', 9, ($3::date + d)::timestamptz, ($3::date + d)::timestamptz
         from unnest($1::text[]) as u, generate_series(0, $2::int - 1) as d
       returning id, user_id, local_date, channel_id, created_at
     ), m as (
       insert into messages (session_id, team_id, channel_id, role, stage, text, created_at)
       select s.id, 'T1', s.channel_id, case when i % 2 = 0 then 'person' else 'coach' end, 'task',
              repeat('A sentence of the conversation, in the person''s own words. ', 4), s.created_at
         from s, generate_series(1, $4::int) as i
     )
     insert into reports (session_id, team_id, user_id, local_date, title, body, score, written_by, created_at)
     select s.id, 'T1', s.user_id, s.local_date, 'A report title',
            jsonb_build_object('title', 'A report title', 'task', jsonb_build_object('task', 'Ship the thing', 'established', repeat('What was said. ', 20)),
                               'crux', jsonb_build_object('crux', 'Time', 'established', repeat('What was said. ', 20))),
            7, 'bench', s.created_at
       from s`,
    [users, count, from, messages],
  );
}

export async function privacyRun(cluster: BenchCluster, purgeSessions: number, log: (line: string) => void): Promise<PrivacyFigures> {
  const url = await cluster.createDatabase(`bench_privacy_${Date.now()}`);
  const database = connectDatabase(url, { max: 4 });
  try {
    await migrateDatabase(database.db);
    const people = Array.from({ length: PEOPLE }, (_, i) => `UP${i}`);
    const crowd = Array.from({ length: CROWD }, (_, i) => `UC${i}`);
    await seed(database, people, SESSIONS_EACH, MESSAGES_EACH, '2025-01-01');
    await seed(database, crowd, CROWD_SESSIONS, MESSAGES_EACH, '2025-06-01');
    // The purge's old sessions: spread over people of their own, before 2024-12-01.
    const oldPeople = Array.from({ length: Math.ceil(purgeSessions / 100) }, (_, i) => `UO${i}`);
    await seed(database, oldPeople, 100, 5, '2024-01-01');
    await database.pool.query('analyze');
    const total = async (table: string) => Number((await database.pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
    log(`bench privacy: ${await total('sessions')} sessions, ${await total('messages')} messages, ${await total('reports')} reports`);

    const exportTimes: number[] = [];
    let exportBytes = 0;
    for (const user of people) {
      const started = process.hrtime.bigint();
      const data = await exportPerson(database.db, 'T1', user);
      exportBytes = Buffer.byteLength(exportDocument(data, new Date()));
      exportTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const deleteTimes: number[] = [];
    for (const user of people) {
      const started = process.hrtime.bigint();
      await deletePerson(database.db, 'T1', user);
      deleteTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    }

    const oldCount = oldPeople.length * 100;
    const started = process.hrtime.bigint();
    const { sessions: purged } = await purgeSessionsBefore(database.db, new Date('2024-12-01T00:00:00Z'));
    const purgeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (purged !== oldCount) throw new Error(`the purge deleted ${purged} sessions, expected ${oldCount}`);
    return {
      people: PEOPLE,
      sessionsEach: SESSIONS_EACH,
      messagesEach: MESSAGES_EACH,
      exportMs: median(exportTimes),
      exportBytes,
      deleteMs: median(deleteTimes),
      purged,
      purgeSeconds,
      keptSessions: await total('sessions'),
    };
  } finally {
    await database.close();
  }
}

export function formatPrivacy(f: PrivacyFigures): string[] {
  return [
    `export one person (${f.sessionsEach} sessions × ${f.messagesEach} messages + reports): median ${f.exportMs.toFixed(1)} ms over ${f.people} people, ${(f.exportBytes / 1024).toFixed(0)} KB of JSON`,
    `delete one person (same history): median ${f.deleteMs.toFixed(1)} ms over ${f.people} people`,
    `retention purge: ${f.purged} old sessions (5 messages and a report each) in ${f.purgeSeconds.toFixed(2)} s (${(f.purged / f.purgeSeconds).toFixed(0)} sessions/s), ${f.keptSessions} recent kept`,
  ];
}

async function main(): Promise<void> {
  const purge = Number(process.env.BENCH_PRIVACY_PURGE ?? 20_000);
  const cluster = await startBenchCluster();
  try {
    const figures = await privacyRun(cluster, purge, (line) => process.stdout.write(`${line}\n`));
    for (const line of formatPrivacy(figures)) process.stdout.write(`${line}\n`);
  } finally {
    await cluster.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

import { Client } from 'pg';
import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { botMessagesIn, settled, startE2E, waitFor, type E2E } from '../support/e2e';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e.stop();
});

/** Cuts the bot off from its database, as an outage would, and lets it back. */
async function setDatabaseReachable(reachable: boolean): Promise<void> {
  const name = new URL(e2e.database.url).pathname.slice(1);
  const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`alter database ${name} with allow_connections ${reachable}`);
    if (!reachable) await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  } finally {
    await admin.end();
  }
}

test('GET /healthz answers 503 while the database does not answer, and 200 again once it does', async () => {
  expect((await fetch(`${e2e.baseUrl}/healthz`)).status).toBe(200);
  await setDatabaseReachable(false);
  const down = await fetch(`${e2e.baseUrl}/healthz`);
  expect(down.status).toBe(503);
  expect(await down.json()).toEqual({ ok: false, database: 'down' });
  await setDatabaseReachable(true);
  expect((await fetch(`${e2e.baseUrl}/healthz`)).status).toBe(200);
});

test('a message that arrives while the database is down is refused (Slack delivers it again), logged by code without its text; its redelivery is coached', async () => {
  const { channel } = e2e.slack.state.openIm('T1', 'U2');
  const text = 'my secret plan for the reorg';
  const message = e2e.slack.state.postMessage({ channel: channel.id, user: 'U2', text });
  const event = directMessageEvent({ user: 'U2', channel: channel.id, ts: message.ts, text });

  await setDatabaseReachable(false);
  let refused;
  try {
    refused = await sendEvent(e2e.sender, event, { eventId: 'EvDOWN1' });
    await settled(e2e.bot);
  } finally {
    await setDatabaseReachable(true);
  }
  // Not acknowledged: Slack's retry is what brings it back, so nothing is said to the person yet.
  expect(refused.status).toBe(503);
  expect(botMessagesIn(e2e.slack, channel.id, message.ts)).toEqual([]);
  const notStored = e2e.logger.lines.map((l) => JSON.parse(l)).find((l) => l.code === 'message_not_stored');
  expect(notStored).toMatchObject({ level: 'error', team: 'T1', user: 'U2', held: true });
  expect(e2e.logger.lines.join('\n')).not.toContain('secret plan');

  // Slack's redelivery, once the database is back: stored once and coached.
  const redelivered = await sendEvent(e2e.sender, event, { eventId: 'EvDOWN1', retryNum: 1 });
  expect(redelivered.status).toBe(200);
  const reply = await waitFor('the coach to answer once the database is back', () => botMessagesIn(e2e.slack, channel.id, message.ts).find((m) => m.ts !== message.ts));
  expect(reply.text).toContain('reorg');
  const { rows } = await e2e.database.pool.query("select count(*)::int as n from messages where role = 'person' and slack_ts = $1", [message.ts]);
  expect(rows[0].n).toBe(1);
});

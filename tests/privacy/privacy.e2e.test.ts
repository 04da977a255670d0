/**
 * The person owns their data, end to end: the real Bolt app over signed
 * HTTP, the real WebClient (filesUploadV2 included) against the fake Slack,
 * the real Anthropic SDK against its fake, real Postgres. Deletion leaves no
 * row of theirs in any table (tests/support/person-rows.ts reads the
 * catalogue, so a new table is checked too); the same user id in the other
 * workspace, and the twin workspace, are untouched; a second press or a
 * redelivered payload is harmless and says so; a person mid-session (even
 * mid-reply) is deleted wholly and starts fresh.
 */
import { blockActionsPayload, directMessageEvent, sendCommand, sendEvent, sendInteraction } from '../../devtools/fake-slack/signed-requests';
import type { MessageRecord } from '../../devtools/fake-slack';
import { wordsFor } from '../../src/words/catalog';
import { botMessagesIn, settled as botSettled, startE2E, waitFor, type E2E } from '../support/e2e';
import { holdModelCalls } from '../support/held-model';
import { logLines } from '../support/listener-args';
import { nonEmpty, personRows } from '../support/person-rows';
import { seedTwin, twinSnapshot } from '../support/twin';

const EN = wordsFor('en');

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});
beforeEach(() => {
  e2e.anthropic.reset();
});

let people = 0;
function newPerson(firstName = 'Sam', team = 'T1'): string {
  const id = `UPRIV${++people}`;
  e2e.slack.state.addUser({ teamId: team, id, firstName, tz: 'Europe/Berlin' });
  return id;
}

const pool = () => e2e.database.pool;
const settled = () => botSettled(e2e.bot);
const logged = (code: string, user: string) => logLines(e2e.logger).filter((l) => l.code === code && l.user === user);

async function say(user: string, text: string, options: { threadTs?: string; team?: string } = {}) {
  const team = options.team ?? 'T1';
  const { channel } = e2e.slack.state.openIm(team, user);
  const message = e2e.slack.state.postMessage({ channel: channel.id, user, text, ...(options.threadTs ? { thread_ts: options.threadTs } : {}) });
  const response = await sendEvent({ ...e2e.sender, teamId: team }, directMessageEvent({ user, channel: channel.id, ts: message.ts, text, threadTs: options.threadTs }));
  expect(response.status).toBe(200);
  return { channel: channel.id, ts: message.ts };
}

async function replies(channel: string, threadTs: string, n: number): Promise<MessageRecord[]> {
  return waitFor(`${n} bot messages in the thread`, () => {
    const found = botMessagesIn(e2e.slack, channel, threadTs);
    return found.length >= n ? found : undefined;
  });
}

async function finishSession(user: string, words: string, team = 'T1') {
  const opening = await say(user, `good morning, ${words}`, { team });
  await replies(opening.channel, opening.ts, 1);
  await say(user, `I want to ${words} today`, { threadTs: opening.ts, team });
  await replies(opening.channel, opening.ts, 2);
  await say(user, 'wrap up', { threadTs: opening.ts, team });
  await waitFor('the report', () => botMessagesIn(e2e.slack, opening.channel, opening.ts).find((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
  await settled();
  return opening;
}

/** `/coach-report <text>` in the person's DM; the ephemerals it brought. */
async function command(user: string, text: string, team = 'T1') {
  const { channel } = e2e.slack.state.openIm(team, user);
  const before = e2e.slack.state.ephemerals({ user }).length;
  const record = e2e.slack.state.createResponseUrl({ team, channel: channel.id, user });
  const response = await sendCommand({ ...e2e.sender, teamId: team }, { command: '/coach-report', text, user, channel: channel.id, responseUrl: e2e.slack.responseUrl(record) });
  expect(response.status).toBe(200);
  await settled();
  return { channel: channel.id, ephemerals: e2e.slack.state.ephemerals({ user }).slice(before) };
}

/**
 * Presses a button of the ephemeral answer in the DM; `retryNum` sends the payload as a redelivery.
 * `settle: false` waits for the answer alone, not for every request in flight (a held model reply).
 */
async function pressInMessage(user: string, actionId: string, options: { retryNum?: number; team?: string; settle?: boolean } = {}): Promise<string[]> {
  const team = options.team ?? 'T1';
  const { channel } = e2e.slack.state.openIm(team, user);
  const record = e2e.slack.state.createResponseUrl({ team, channel: channel.id, user, message_ts: '1.000001' });
  const before = e2e.slack.state.ephemerals({ user }).length;
  const sender = { ...e2e.sender, teamId: team };
  const payload = blockActionsPayload(sender, {
    user,
    actionId,
    value: actionId === 'privacy_delete' ? 'delete' : 'export',
    container: { type: 'message', channel: channel.id, messageTs: '1.000001', responseUrl: e2e.slack.responseUrl(record), isEphemeral: true },
  });
  const response = await sendInteraction(sender, payload, options.retryNum ? { retryNum: options.retryNum } : {});
  expect(response.status).toBe(200);
  if (options.settle === false) await waitFor('the answer', () => e2e.slack.state.ephemerals({ user }).length > before || undefined);
  else await settled();
  return e2e.slack.state.ephemerals({ user }).slice(before).map((x) => x.text);
}

async function openHome(user: string) {
  await sendEvent(e2e.sender, { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home', event_ts: `${Date.now() / 1000}` });
  await settled();
  return e2e.slack.state.view('T1', user)!;
}

async function pressOnHome(user: string, actionId: string) {
  const view = e2e.slack.state.view('T1', user)!;
  const response = await sendInteraction(
    e2e.sender,
    blockActionsPayload(e2e.sender, { user, actionId, value: actionId === 'privacy_delete' ? 'delete' : 'export', container: { type: 'view', viewId: view.id } }),
  );
  expect(response.status).toBe(200);
  await settled();
  return e2e.slack.state.view('T1', user)!;
}

async function sessionIds(team: string, user: string): Promise<string[]> {
  const { rows } = await pool().query<{ id: string }>('select id from sessions where team_id = $1 and user_id = $2', [team, user]);
  return rows.map((r) => r.id);
}

function rowsOf(team: string, user: string, ids: string[]) {
  const { channel } = e2e.slack.state.openIm(team, user);
  return personRows(pool(), { teamId: team, userId: user, sessionIds: ids, dmChannelId: channel.id });
}

describe('/coach-report delete', () => {
  test('asks first, with a danger button behind a confirm dialog; deletes nothing until pressed', async () => {
    const user = newPerson();
    await finishSession(user, 'plan the launch');
    const { ephemerals } = await command(user, 'delete');
    expect(ephemerals).toHaveLength(1);
    expect(ephemerals[0]!.text).toBe(EN.privacyDeleteAsk);
    const blocks = JSON.stringify(ephemerals[0]!.blocks);
    expect(blocks).toContain('"action_id":"privacy_delete"');
    expect(blocks).toContain('"style":"danger"');
    expect(blocks).toContain(`"confirm":{"title":{"type":"plain_text","text":"${EN.privacyDeleteDialogTitle}"}`);
    expect(await sessionIds('T1', user)).toHaveLength(1);
  });

  test('the press deletes every row of theirs at once, the twin keeps theirs; a second press and a redelivery say nothing is left', async () => {
    const user = newPerson('Dana');
    await seedTwin(pool(), [user]);
    const twin = await twinSnapshot(pool());
    await finishSession(user, 'ship the evals');
    const ids = await sessionIds('T1', user);
    expect(nonEmpty(await rowsOf('T1', user, ids))).toEqual(expect.arrayContaining(['messages', 'reports', 'sessions', 'users']));

    expect(await pressInMessage(user, 'privacy_delete')).toEqual([EN.privacyDeleted]);
    expect(nonEmpty(await rowsOf('T1', user, ids))).toEqual([]);
    expect(await twinSnapshot(pool())).toEqual(twin);

    expect(await pressInMessage(user, 'privacy_delete')).toEqual([EN.privacyNothingToDelete]);
    expect(await pressInMessage(user, 'privacy_delete', { retryNum: 1 })).toEqual([EN.privacyNothingToDelete]);
    expect(nonEmpty(await rowsOf('T1', user, ids))).toEqual([]);
    expect(await twinSnapshot(pool())).toEqual(twin);
    expect(logged('person_deleted', user)).toHaveLength(3);
  });

  test('only in the workspace it came from: the same user id in the other workspace keeps everything', async () => {
    const user = newPerson('Both');
    await finishSession(user, 'write the memo');
    // The same id in T2 (a shared Postgres, Enterprise Grid): its rows, copied from T1's, written directly.
    await pool().query(`insert into users (team_id, user_id, dm_channel_id) values ('T2', $1, 'D0T2')`, [user]);
    const { rows } = await pool().query<{ id: string }>(
      `insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, agenda, status, version)
       select 'T2', user_id, local_date, 'D0T2', thread_ts, origin, stage, agenda, status, version from sessions where team_id = 'T1' and user_id = $1
       returning id`,
      [user],
    );
    await pool().query(
      `insert into messages (session_id, team_id, channel_id, role, text) select id, 'T2', 'D0T2', 'person', 'T2 words' from sessions where id = any($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    const inT2 = rows.map((r) => r.id);
    const before = await personRows(pool(), { teamId: 'T2', userId: user, sessionIds: inT2 });
    const inT1 = await sessionIds('T1', user);
    expect(await pressInMessage(user, 'privacy_delete')).toEqual([EN.privacyDeleted]);
    expect(nonEmpty(await rowsOf('T1', user, inT1))).toEqual([]);
    expect(await personRows(pool(), { teamId: 'T2', userId: user, sessionIds: inT2 })).toEqual(before);
    expect(nonEmpty(before)).toEqual(['messages', 'sessions', 'users']);
  });

  test('mid-session, with the coach’s reply in flight: nothing of theirs is left, the reply does not bring it back, and a later message starts fresh', async () => {
    const user = newPerson('Midway');
    const opening = await say(user, 'good morning, I need to sort the budget');
    await replies(opening.channel, opening.ts, 1);
    const gate = holdModelCalls(e2e.anthropic);
    gate.hold();
    await say(user, 'the budget is due on Friday', { threadTs: opening.ts });
    await gate.waitForHeld(1, 10_000);
    const ids = await sessionIds('T1', user);
    expect(ids).toHaveLength(1);

    expect(await pressInMessage(user, 'privacy_delete', { settle: false })).toEqual([EN.privacyDeleted]);
    expect(nonEmpty(await rowsOf('T1', user, ids))).toEqual([]);
    gate.release();
    await settled();
    expect(nonEmpty(await rowsOf('T1', user, ids))).toEqual([]);

    // No coach reply to the deleted turn reached the thread after the deletion.
    expect(botMessagesIn(e2e.slack, opening.channel, opening.ts).map((m) => m.text)).toHaveLength(1);

    // Writing again, even in the old thread, starts a fresh session: nothing of the old one is read or remembered.
    const fresh = await say(user, 'where were we?', { threadTs: opening.ts });
    await replies(fresh.channel, fresh.ts, 1);
    await settled();
    const now = await sessionIds('T1', user);
    expect(now).toHaveLength(1);
    expect(ids).not.toContain(now[0]);
    const { rows } = await pool().query<{ text: string }>("select text from messages where session_id = $1 and role = 'person' order by id", [now[0]]);
    expect(rows.map((r) => r.text)).toEqual(['where were we?']);
    expect(JSON.stringify(e2e.anthropic.requests.at(-1)?.body ?? {})).not.toContain('budget is due on Friday');
  });
});

describe('/coach-report export', () => {
  test('posts their data as a JSON file in their DM, with their sessions, messages and report, and nothing of anyone else', async () => {
    const user = newPerson('Exporter');
    const neighbour = newPerson('Neighbour');
    await finishSession(user, 'tidy the backlog');
    await finishSession(neighbour, 'keep neighbourly secrets');
    await seedTwin(pool(), [user]);
    const { channel, ephemerals } = await command(user, 'export');
    expect(ephemerals.map((x) => x.text)).toEqual([EN.privacyExportSent]);
    const message = e2e.slack.state.messages({ channel }).find((m) => m.files?.length);
    expect(message?.text).toBe(EN.privacyExportComment);
    const file = message!.files![0]!;
    expect(file.name).toMatch(new RegExp(`^deep-thoughts-${user}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const data = (await (await fetch(file.url_private)).json()) as {
      kind: string;
      sessions: { messages: { text: string }[]; report: { title: string } | null }[];
    };
    expect(data).toMatchObject({ kind: 'deep-thoughts-export', teamId: 'T1', userId: user, settings: { firstName: 'Exporter' } });
    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]!.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['good morning, tidy the backlog', 'I want to tidy the backlog today', 'wrap up']));
    expect(data.sessions[0]!.report?.title).toBeTruthy();
    expect(JSON.stringify(data)).not.toMatch(/neighbourly secrets|Twinny|twin workspace/);
    // The three steps of Slack's external upload, as filesUploadV2 makes them.
    expect(e2e.slack.calls('files.getUploadURLExternal').at(-1)?.response).toMatchObject({ ok: true });
    expect(e2e.slack.calls('upload').length).toBeGreaterThan(0);
    expect(e2e.slack.calls('files.completeUploadExternal').at(-1)?.response).toMatchObject({ ok: true });
    expect(logged('person_exported', user)).toHaveLength(1);
  });

  test('when Slack refuses the upload, says so and keeps everything', async () => {
    const user = newPerson('Refused');
    await finishSession(user, 'draft the plan');
    e2e.slack.failNext('files.completeUploadExternal', 'not_in_channel');
    const { ephemerals } = await command(user, 'export');
    expect(ephemerals.map((x) => x.text)).toEqual([EN.privacyExportFailed]);
    expect(await sessionIds('T1', user)).toHaveLength(1);
    expect(logged('person_export_failed', user)).toHaveLength(1);
  });
});

describe('the App Home', () => {
  test('has a Your data section; Export sends the file, Delete (confirmed) deletes, and the Home says so', async () => {
    const user = newPerson('Homer');
    await finishSession(user, 'fix the roof');
    const home = await openHome(user);
    const blocks = JSON.stringify(home.blocks);
    expect(blocks).toContain(EN.privacyHeading);
    expect(blocks).toContain('"action_id":"privacy_export"');
    expect(blocks).toMatch(/"action_id":"privacy_delete","value":"delete","style":"danger","confirm"/);

    const afterExport = await pressOnHome(user, 'privacy_export');
    expect(JSON.stringify(afterExport.blocks)).toContain(EN.privacyExportSent);
    const { channel } = e2e.slack.state.openIm('T1', user);
    expect(e2e.slack.state.messages({ channel: channel.id }).filter((m) => m.files?.length)).toHaveLength(1);

    const ids = await sessionIds('T1', user);
    const afterDelete = await pressOnHome(user, 'privacy_delete');
    expect(JSON.stringify(afterDelete.blocks)).toContain(EN.privacyDeleted);
    expect(nonEmpty(await rowsOf('T1', user, ids))).toEqual([]);
    // The Home is a newcomer's again: Start, and no reports.
    expect(JSON.stringify(afterDelete.blocks)).toContain('home_enroll');
    const again = await pressOnHome(user, 'privacy_delete');
    expect(JSON.stringify(again.blocks)).toContain(EN.privacyNothingToDelete);
  });
});

import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { blockActionsPayload, directMessageEvent } from '../../devtools/fake-slack/signed-requests';
import { smartResponder } from '../support/fake-anthropic';
import { gate } from '../support/wait';
import { botMessagesIn, settled as botSettled, socketEventCallback, startSocketE2E, waitFor, type SocketE2E } from '../support/e2e';

/**
 * Socket Mode end to end: the real bot, started with SLACK_BOT_TOKEN and
 * SLACK_APP_TOKEN, opens its WebSocket through the fake Slack's
 * apps.connections.open and is coached over it, with Bolt's own
 * SocketModeReceiver and @slack/socket-mode client doing the work.
 */
let e2e: SocketE2E;

beforeAll(async () => {
  e2e = await startSocketE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

let people = 0;
function newPerson(firstName: string): string {
  const id = `USOCK${++people}`;
  e2e.slack.state.addUser({ teamId: 'T1', id, firstName, tz: 'Europe/Berlin' });
  return id;
}

/** A person's DM, stored in the fake Slack as Slack would, and its message.im event_callback. */
function personSays(user: string, text: string) {
  const { channel } = e2e.slack.state.openIm('T1', user);
  const message = e2e.slack.state.postMessage({ channel: channel.id, user, text });
  const callback = socketEventCallback(e2e.slack, directMessageEvent({ user, channel: channel.id, ts: message.ts, text }));
  return { channel: channel.id, ts: message.ts, callback };
}

/** The HTTP status a WebSocket upgrade request gets (101 when it is taken). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('error', reject);
    req.end();
  });
}

function settled(): Promise<void> {
  return botSettled(e2e.bot);
}

describe('the connection', () => {
  test('the bot opened its socket with the app-level token and was greeted with hello', async () => {
    expect(e2e.socket.openings()).toEqual([expect.objectContaining({ ok: true })]);
    expect(e2e.socket.connections()).toBe(1);
  });

  test('apps.connections.open answers the app-level token with a single-use socket URL, and refuses a missing, a bot or an unknown token, as Slack does', async () => {
    const open = async (authorization?: string) => {
      const response = await fetch(`${e2e.slack.url}apps.connections.open`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
        body: '',
      });
      return (await response.json()) as { ok: boolean; error?: string; url?: string };
    };
    expect(await open()).toEqual({ ok: false, error: 'not_authed' });
    expect(await open(`Bearer ${e2e.slack.botToken}`)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await open('Bearer xapp-1-not-ours')).toEqual({ ok: false, error: 'invalid_auth' });
    // The app-level token gets a URL whose ticket is good for one connection; a used or made-up one is refused before the upgrade.
    const opened = await open(`Bearer ${e2e.slack.appToken}`);
    expect(opened).toMatchObject({ ok: true, url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=\w+&app_id=A\w+$/) });
    const url = opened.url!.replace(/^ws:/, 'http:');
    expect(await upgradeStatus(url)).toBe(101);
    expect(await upgradeStatus(url)).toBe(401);
    expect(await upgradeStatus(`${e2e.slack.origin}/link/?ticket=made-up`)).toBe(401);
  });

  test('GET /healthz answers 200 on PORT, and there is no HTTP events endpoint', async () => {
    const health = await fetch(`${e2e.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: 'up' });
    const events = await fetch(`${e2e.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(events.status).toBe(404);
  });
});

describe('coaching over the socket', () => {
  test('a DM pushed as an events_api envelope is acked and coached in its thread; its retry is acked and not answered again', async () => {
    const user = newPerson('Sam');
    const said = personSays(user, 'good morning');

    const first = e2e.socket.pushEvent(said.callback);
    expect(first.envelope).toMatchObject({ type: 'events_api', accepts_response_payload: false, retry_attempt: 0 });
    const ack = await first.ack;
    expect(ack.envelope_id).toBe(first.envelope.envelope_id);

    const [reply] = await waitFor('the coach to reply', () => {
      const replies = botMessagesIn(e2e.slack, said.channel, said.ts);
      return replies.length > 0 ? replies : undefined;
    });
    expect(reply!.thread_ts).toBe(said.ts);
    expect(reply!.text).toContain('Good morning, Sam!');
    await settled();

    // Slack re-delivers an event it thinks was not acked in time: a new envelope, the same event_id.
    const retry = e2e.socket.pushEvent(said.callback, { retryAttempt: 1, retryReason: 'timeout' });
    expect(retry.envelope.envelope_id).not.toBe(first.envelope.envelope_id);
    await retry.ack;
    await settled();
    expect(botMessagesIn(e2e.slack, said.channel, said.ts)).toHaveLength(1);
    const { rows } = await e2e.database.pool.query("select count(*)::int n from messages where role = 'person' and slack_ts = $1", [said.ts]);
    expect(rows[0].n).toBe(1);
  });

  test('/coach-report help as a slash_commands envelope is acked and answered, only to the person, through its response_url', async () => {
    const user = newPerson('Ada');
    const { channel } = e2e.slack.state.openIm('T1', user);
    const responseUrl = e2e.slack.responseUrl(e2e.slack.state.createResponseUrl({ team: 'T1', channel: channel.id, user }));
    const delivery = e2e.socket.pushSlashCommand({
      token: 'deprecated-verification-token',
      team_id: 'T1',
      team_domain: 'acme',
      channel_id: channel.id,
      channel_name: 'directmessage',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/coach-report',
      text: 'help',
      api_app_id: e2e.slack.team.bot.app_id,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: `${Date.now()}.socket`,
    });
    expect(delivery.envelope).toMatchObject({ type: 'slash_commands', accepts_response_payload: true });
    const ack = await delivery.ack;
    // Acked with nothing; the answer goes through respond().
    expect(ack.payload).toEqual({});
    const answer = await waitFor('the ephemeral help', () => e2e.slack.state.snapshot().ephemerals.find((e) => e.user === user));
    expect(answer.channel).toBe(channel.id);
    expect(answer.text).toContain('Usage: /coach-report');
    expect(e2e.slack.state.messages({ channel: channel.id, author: 'bot' })).toEqual([]);
  });

  test("Slack's refresh_requested disconnect: the bot opens a new socket and goes on coaching", async () => {
    const before = { connections: e2e.socket.connectionCount, openings: e2e.socket.openings().filter((o) => o.ok).length };
    e2e.socket.disconnect('refresh_requested');
    // @slack/socket-mode waits its client ping timeout (5 s) before reconnecting.
    await e2e.socket.waitForConnection(before.connections + 1, 20_000);
    expect(e2e.socket.openings().filter((o) => o.ok)).toHaveLength(before.openings + 1);
    expect(e2e.socket.connections()).toBe(1);

    const user = newPerson('Grace');
    const said = personSays(user, 'I keep postponing the launch plan');
    await e2e.socket.pushEvent(said.callback).ack;
    const [reply] = await waitFor('the coach to reply after reconnecting', () => {
      const replies = botMessagesIn(e2e.slack, said.channel, said.ts);
      return replies.length > 0 ? replies : undefined;
    });
    expect(reply!.text).toContain('launch plan');
  });
});

describe('buttons over the socket', () => {
  test('the Wrap up button, pushed as an interactive envelope, is acked and the report arrives in the session’s thread', async () => {
    const user = newPerson('Ines');
    const said = personSays(user, 'I want to plan the quarter');
    await e2e.socket.pushEvent(said.callback).ack;
    const [reply] = await waitFor('the coach to reply', () => {
      const replies = botMessagesIn(e2e.slack, said.channel, said.ts);
      return replies.length > 0 ? replies : undefined;
    });
    const sessionId = /"action_id":"wrap_up","value":"([0-9a-f-]{36})"/.exec(JSON.stringify(reply!.blocks))?.[1];
    expect(sessionId).toBeDefined();

    const responseUrl = e2e.slack.responseUrl(e2e.slack.state.createResponseUrl({ team: 'T1', channel: said.channel, user, message_ts: reply!.ts }));
    const click = blockActionsPayload(
      { url: 'socket-mode', signingSecret: '', teamId: 'T1', apiAppId: e2e.slack.team.bot.app_id },
      { user, actionId: 'wrap_up', value: sessionId!, container: { type: 'message', channel: said.channel, messageTs: reply!.ts, responseUrl } },
    );
    const delivery = e2e.socket.pushInteraction({ team: { id: 'T1', domain: 'acme' }, api_app_id: e2e.slack.team.bot.app_id, token: 'deprecated-verification-token', ...click });
    expect(delivery.envelope).toMatchObject({ type: 'interactive', accepts_response_payload: true });
    expect((await delivery.ack).envelope_id).toBe(delivery.envelope.envelope_id);
    const report = await waitFor('the report in the thread', () =>
      botMessagesIn(e2e.slack, said.channel, said.ts).find((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')),
    );
    expect(report.thread_ts).toBe(said.ts);
    const { rows } = await e2e.database.pool.query("select status from sessions where team_id = 'T1' and id = $1", [sessionId]);
    expect(rows).toEqual([{ status: 'completed' }]);
  });
});

// Last: it stops the bot.
describe('stopping in Socket Mode', () => {
  test('stop() drains: the socket closes at once so nothing new is delivered, and the reply in flight is still posted', async () => {
    const smart = smartResponder();
    const modelMayAnswer = gate();
    e2e.anthropic.setResponder(async (request) => {
      await modelMayAnswer.promise;
      return smart(request);
    });
    const asked = e2e.anthropic.requests.length;
    const user = newPerson('Omar');
    const said = personSays(user, 'I need to finish the budget');
    await e2e.socket.pushEvent(said.callback).ack;
    await waitFor('the model to be asked', () => e2e.anthropic.requests.length > asked);

    let stopped = false;
    const stopping = e2e.bot.stop().then(() => (stopped = true));
    await waitFor('the bot to close its socket', () => e2e.socket.connections() === 0);
    // Slack has nowhere to deliver a new event: the push finds no connection.
    const late = personSays(user, 'and one more thing');
    expect(() => e2e.socket.pushEvent(late.callback)).toThrow();
    expect(stopped).toBe(false);

    modelMayAnswer.open();
    await stopping;
    const replies = botMessagesIn(e2e.slack, said.channel, said.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('budget');
    expect(e2e.anthropic.requests).toHaveLength(asked + 1);
    // Closed, and not reopened while the reply was finished.
    expect(e2e.socket.connections()).toBe(0);
    expect(await e2e.bot.database.ping()).toBe(false);
  });
});

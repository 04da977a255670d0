import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { freePort } from '../../src/db/embedded';
import { memoryLogger } from '../../src/log';
import { startEmulator, type RunningEmulator } from '../../devtools/emulator/emulator';
import { SlackState, SlackWebApi } from '../../devtools/fake-slack';
import { waitFor } from '../support/wait';

/**
 * The emulator's events side against a real Bolt app over HTTP (signature
 * checks on): what the page does arrives as Slack would send it, and what the
 * bot answers through its real WebClient and `respond()` lands on the page.
 * The coach itself is not involved; the browser test runs the whole thing.
 */

const PERSON = 'U0LOCAL001';
const TEAM = 'T0LOCAL001';

interface Received {
  messages: Record<string, unknown>[];
  commands: Record<string, unknown>[];
  actions: Record<string, unknown>[];
  homeOpened: Record<string, unknown>[];
  /** What views.open answered the bot (or the Slack error it threw). */
  viewsOpen: Record<string, unknown>[];
}

let state: SlackState;
let emulator: RunningEmulator;
let app: App;
let received: Received;

const HOME_VIEW = {
  type: 'home',
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'Your mornings' } },
    { type: 'actions', block_id: 'time', elements: [{ type: 'timepicker', action_id: 'home_time', initial_time: '09:00' }] },
    {
      type: 'input',
      block_id: 'days',
      dispatch_action: true,
      label: { type: 'plain_text', text: 'Days' },
      element: {
        type: 'checkboxes',
        action_id: 'home_days',
        options: [
          { text: { type: 'plain_text', text: 'Mon' }, value: '1' },
          { text: { type: 'plain_text', text: 'Tue' }, value: '2' },
        ],
        initial_options: [{ text: { type: 'plain_text', text: 'Mon' }, value: '1' }],
      },
    },
    { type: 'actions', block_id: 'start', elements: [{ type: 'button', action_id: 'home_start_now', value: 'go', text: { type: 'plain_text', text: 'Start' } }] },
    {
      type: 'section',
      block_id: 'report-1',
      text: { type: 'mrkdwn', text: '*Mon 26 Jan* · Planning' },
      accessory: { type: 'button', action_id: 'home_open_report', value: 'session-1', text: { type: 'plain_text', text: 'Open' } },
    },
  ],
};

/** The report modal the test bot opens for Open: a title with markup in it, which must stay text. */
const REPORT_MODAL = {
  type: 'modal',
  title: { type: 'plain_text', text: 'Report <b>1</b> & co' },
  close: { type: 'plain_text', text: 'Close' },
  blocks: [
    { type: 'header', text: { type: 'plain_text', text: 'Deep Thoughts: Planning' } },
    { type: 'section', text: { type: 'mrkdwn', text: '*Score:* 8/10 &lt;script&gt;alert(1)&lt;/script&gt;' } },
  ],
};

beforeAll(async () => {
  state = new SlackState({ teams: [{ id: TEAM, name: 'Local' }], users: [{ id: PERSON, firstName: 'Alex', tz: 'Europe/Berlin' }] });
  emulator = await startEmulator({
    port: 0,
    hosts: ['127.0.0.1'],
    state,
    api: new SlackWebApi({ state }),
    person: { teamId: TEAM, userId: PERSON },
    commands: ['/coach-report'],
    logger: memoryLogger(),
  });
  const signingSecret = randomBytes(16).toString('hex');
  const port = await freePort();
  received = { messages: [], commands: [], actions: [], homeOpened: [], viewsOpen: [] };
  app = new App({
    token: state.defaultTeam.bot.token,
    signingSecret,
    clientOptions: { slackApiUrl: emulator.apiUrl },
    logLevel: LogLevel.ERROR,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => res.writeHead(200).end('{"ok":true}') }],
  });
  app.message(async ({ message, client }) => {
    const m = message as unknown as Record<string, unknown>;
    received.messages.push(m);
    await client.chat.postMessage({ channel: String(m.channel), thread_ts: String(m.thread_ts ?? m.ts), text: `*Echo:* ${String(m.text)}` });
  });
  app.command('/coach-report', async ({ command, ack, respond }) => {
    received.commands.push(command);
    await ack();
    await respond({ response_type: 'ephemeral', text: `Report for _${command.text || 'latest'}_`, blocks: [{ type: 'header', text: { type: 'plain_text', text: 'Deep Thoughts: Test' } }] });
  });
  app.event('app_home_opened', async ({ event, client }) => {
    received.homeOpened.push(event as unknown as Record<string, unknown>);
    if (event.tab === 'home') await client.views.publish({ user_id: event.user, view: HOME_VIEW as never });
  });
  app.action(/.*/, async ({ ack, body, action, client }) => {
    await ack();
    received.actions.push(body as unknown as Record<string, unknown>);
    if ((action as { action_id?: string }).action_id !== 'home_open_report') return;
    const triggerId = (body as { trigger_id: string }).trigger_id;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      // The second exchange of the same trigger must be refused, as Slack refuses it.
      const answer = await client.views.open({ trigger_id: triggerId, view: REPORT_MODAL as never }).catch((error: { data?: Record<string, unknown> }) => error.data ?? {});
      received.viewsOpen.push(answer as Record<string, unknown>);
    }
  });
  await app.start(port);
  emulator.connectBot({ eventsUrl: `http://127.0.0.1:${port}/slack/events`, healthUrl: `http://127.0.0.1:${port}/healthz`, signingSecret });
});

afterAll(async () => {
  await app.stop();
  await emulator.close();
});

async function page(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`http://127.0.0.1:${emulator.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function pageState() {
  const response = await fetch(`http://127.0.0.1:${emulator.port}/emulator/state`);
  return (await response.json()) as {
    messages: { ts: string; threadTs?: string; author: string; html: string; replyCount: number }[];
    ephemerals: { ts: string; html: string }[];
    home: { viewId: string; html: string } | null;
    modal: { viewId: string; hash: string; titleHtml: string; closeHtml: string; html: string } | null;
    notices: { text: string }[];
  };
}

/** The page's live stream, read until a frame satisfies `probe`; that frame's state. */
async function streamUntil<T>(probe: (state: Record<string, unknown>) => T | undefined, what: string): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5_000);
  try {
    const response = await fetch(`http://127.0.0.1:${emulator.port}/emulator/events`, { signal: controller.signal });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before ${what}`);
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^event: state\ndata: (.*)$/s.exec(frame)?.[1];
        const found = data ? probe(JSON.parse(data) as Record<string, unknown>) : undefined;
        if (found) return found;
      }
    }
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`timed out waiting for ${what} on the stream`, { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The one waitFor (tests/support/wait.ts), with this file's argument order and a 5 s deadline. */
function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  return waitFor(what, probe, { timeoutMs: 5_000 });
}

describe('the local Slack emulator', () => {
  it('serves the page with a strict Content-Security-Policy', async () => {
    const response = await fetch(`http://127.0.0.1:${emulator.port}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<script src="/app.js" defer></script>');
    expect((await fetch(`http://127.0.0.1:${emulator.port}/app.js`)).headers.get('content-type')).toContain('text/javascript');
  });

  it('answers /healthz with the bot’s own health', async () => {
    const response = await fetch(`http://127.0.0.1:${emulator.port}/healthz`);
    expect(response.status).toBe(200);
  });

  it('delivers a message as a signed message.im event with Slack’s escaping, and shows the reply in its thread', async () => {
    const sent = await page('/emulator/messages', { text: 'Hello <script>alert(1)</script> & bye' });
    expect(sent.body.ok).toBe(true);
    const event = await until(() => received.messages.at(-1), 'the message event');
    expect(event).toMatchObject({ type: 'message', channel_type: 'im', user: PERSON, text: 'Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; bye' });
    expect(event.thread_ts).toBeUndefined();

    const reply = await until(async () => (await pageState()).messages.find((m) => m.author === 'bot' && m.threadTs === event.ts), 'the reply in the thread');
    expect(reply.html).toContain('<b>Echo:</b>');
    const shown = await pageState();
    const root = shown.messages.find((m) => m.ts === event.ts)!;
    expect(root.replyCount).toBe(1);
    expect(root.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; bye');
    expect(JSON.stringify(shown)).not.toMatch(/<script|<img/);
  });

  it('delivers a reply in a thread with its thread_ts', async () => {
    const root = received.messages.at(-1)!;
    await page('/emulator/messages', { text: 'in the thread', threadTs: root.ts });
    const event = await until(() => received.messages.find((m) => m.text === 'in the thread'), 'the thread reply');
    expect(event.thread_ts).toBe(root.ts);
  });

  it('runs a slash command with a response_url whose answer shows to the person alone', async () => {
    await page('/emulator/messages', { text: '/coach-report list' });
    const command = await until(() => received.commands.at(-1), 'the command');
    expect(command).toMatchObject({ command: '/coach-report', text: 'list', user_id: PERSON, team_id: TEAM });
    expect(String(command.response_url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/response\//);
    // A trigger_id the fake Slack issued, so the bot could open a modal with it.
    expect(String(command.trigger_id)).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
    const ephemeral = await until(async () => (await pageState()).ephemerals.at(-1), 'the ephemeral answer');
    expect(ephemeral.html).toContain('Deep Thoughts: Test');
  });

  it('answers an unknown command as Slack does, without bothering the bot', async () => {
    const before = received.commands.length;
    await page('/emulator/messages', { text: '/nope' });
    expect((await pageState()).notices.some((n) => n.text.includes('/nope is not a valid command'))).toBe(true);
    expect(received.commands.length).toBe(before);
  });

  it('opens the App Home, then sends timepicker and checkbox changes with the view’s state', async () => {
    await page('/emulator/home/open', { tab: 'home' });
    const home = await until(async () => (await pageState()).home ?? undefined, 'the published Home');
    expect(received.homeOpened.at(-1)).toMatchObject({ type: 'app_home_opened', user: PERSON, tab: 'home' });
    expect(home.html).toContain('type="time"');

    await page('/emulator/actions', { surface: 'home', blockId: 'time', actionId: 'home_time', actionType: 'timepicker', selectedTime: '07:30' });
    const timeAction = await until(() => received.actions.find((a) => (a.actions as { action_id: string }[])[0]?.action_id === 'home_time'), 'the timepicker action');
    expect((timeAction.actions as unknown[])[0]).toMatchObject({ type: 'timepicker', action_id: 'home_time', block_id: 'time', selected_time: '07:30', initial_time: '09:00' });
    expect(timeAction.container).toEqual({ type: 'view', view_id: home.viewId });
    expect((timeAction.view as { state: unknown }).state).toEqual({
      values: {
        time: { home_time: { type: 'timepicker', selected_time: '07:30' } },
        days: { home_days: { type: 'checkboxes', selected_options: [{ text: { type: 'plain_text', text: 'Mon' }, value: '1' }] } },
      },
    });

    await page('/emulator/actions', { surface: 'home', blockId: 'days', actionId: 'home_days', actionType: 'checkboxes', selectedValues: ['1', '2'] });
    const daysAction = await until(() => received.actions.find((a) => (a.actions as { action_id: string }[])[0]?.action_id === 'home_days'), 'the checkboxes action');
    expect((daysAction.actions as { selected_options: { value: string }[] }[])[0]!.selected_options.map((o) => o.value)).toEqual(['1', '2']);
  });

  it('opens a modal when the bot answers the App Home’s Open with views.open, shown on the stream until closed', async () => {
    const modalOnStream = streamUntil((frame) => (frame.modal as Awaited<ReturnType<typeof pageState>>['modal']) ?? undefined, 'the modal');
    await page('/emulator/actions', { surface: 'home', blockId: 'report-1', actionId: 'home_open_report', actionType: 'button' });
    const click = await until(() => received.actions.find((a) => (a.actions as { action_id: string }[])[0]?.action_id === 'home_open_report'), 'the Open click');
    expect(click.container).toMatchObject({ type: 'view' });
    expect(String(click.trigger_id)).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);

    await until(() => (received.viewsOpen.length === 2 ? true : undefined), 'both views.open answers');
    expect(received.viewsOpen[0]).toMatchObject({ ok: true, view: { type: 'modal', title: { text: 'Report <b>1</b> & co' } } });
    expect(received.viewsOpen[1]).toMatchObject({ ok: false, error: 'exchanged_trigger_id' });

    const modal = await modalOnStream;
    expect(modal.viewId).toBe((received.viewsOpen[0]!.view as { id: string }).id);
    // Rendered by the same renderer as messages: escaped, nothing that runs.
    expect(modal.titleHtml).toBe('Report &lt;b&gt;1&lt;/b&gt; &amp; co');
    expect(modal.closeHtml).toBe('Close');
    expect(modal.html).toContain('<h3>Deep Thoughts: Planning</h3>');
    expect(modal.html).toContain('<b>Score:</b> 8/10 &lt;script&gt;');
    expect(modal.html).not.toContain('<script');
    expect(state.modal(TEAM, PERSON)?.id).toBe(modal.viewId);

    // A stale close (another view id) changes nothing; the page's Close does.
    await page('/emulator/modal/close', { viewId: 'VNOTOPEN' });
    expect((await pageState()).modal?.viewId).toBe(modal.viewId);
    const closed = await page('/emulator/modal/close', { viewId: modal.viewId });
    expect(closed.body.ok).toBe(true);
    expect((await pageState()).modal).toBeNull();
    expect(state.modal(TEAM, PERSON)).toBeUndefined();
  });

  it('sends a button click from a message with the message and a response_url', async () => {
    const ts = state.messages({ author: 'bot' })[0]!.ts;
    state.updateMessage(state.messages({ author: 'bot' })[0]!.channel, ts, {
      blocks: [{ type: 'actions', block_id: 'b1', elements: [{ type: 'button', action_id: 'wrap_up', value: 'session-1', text: { type: 'plain_text', text: 'Wrap up' } }] }],
      editor: 'x',
    });
    await page('/emulator/actions', { surface: 'message', ts, blockId: 'b1', actionId: 'wrap_up', actionType: 'button' });
    const click = await until(() => received.actions.find((a) => (a.actions as { action_id: string }[])[0]?.action_id === 'wrap_up'), 'the button click');
    expect((click.actions as unknown[])[0]).toMatchObject({ type: 'button', action_id: 'wrap_up', block_id: 'b1', value: 'session-1' });
    expect(click.container).toMatchObject({ type: 'message', message_ts: ts, is_ephemeral: false });
    expect((click.message as { ts: string }).ts).toBe(ts);
    expect(String(click.response_url)).toContain('/response/');
  });

  it('refuses requests that do not come from the page itself', async () => {
    const plain = await fetch(`http://127.0.0.1:${emulator.port}/emulator/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"text":"hi"}' });
    expect(plain.status).toBe(403);
    const foreign = await page('/emulator/messages', { text: 'hi' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    // DNS rebinding: a foreign name pointed at loopback, its own origin matching.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: emulator.port, path: '/emulator/state', headers: { host: `evil.example:${emulator.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('serves the Web API on the same port, refusing like Slack', async () => {
    const response = await fetch(`${emulator.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${state.defaultTeam.bot.token}` },
      body: JSON.stringify({ channel: PERSON, text: 'x', blocks: [{ type: 'no_such_block' }] }),
    });
    expect(await response.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
  });
});

import { LogLevel, WebClient, WebClientEvent, type Logger, type WebAPIPlatformError } from '@slack/web-api';
import { startSlackApi, type RunningSlackApi, type SlackChange } from '../../devtools/fake-slack';
import { renderCoachReply, renderReport } from '../../src/slack/blocks/report';
import { wordsFor } from '../../src/words/catalog';

const EN = wordsFor('en');

/**
 * The fake answers the real WebClient the way Slack does: same shapes, same
 * error codes, same refusals. Every call here goes through @slack/web-api's
 * own request code over real HTTP.
 */
let slack: RunningSlackApi;
let client: WebClient;
/** The fake's clock; a test may move it on (trigger expiry). */
let clock: number;

beforeEach(async () => {
  clock = 1_700_000_000_000;
  slack = await startSlackApi({
    now: () => clock,
    users: [
      { id: 'U0MICHAEL', realName: 'Michael Scott', displayName: 'michael', tz: 'America/New_York' },
      { id: 'U0GONE', firstName: 'Gone', tz: 'Europe/Berlin', deleted: true },
    ],
  });
  client = webClient(slack.botToken);
});

afterEach(async () => {
  await slack.close();
});

/** WebClient logs the "[ERROR] ..." lines of refused calls; these tests provoke them on purpose. */
const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

function webClient(token: string | undefined, retries = 0): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.url,
    logger: quiet,
    retryConfig: { retries, factor: 1, minTimeout: 0, maxTimeout: 0 },
  });
}

/** What Slack answered to a refused call: the error code, and for invalid_blocks the `errors` lines. */
type SlackRefusal = WebAPIPlatformError['data'] & { errors?: string[]; needed?: string; provided?: string };

async function slackError(call: Promise<unknown>): Promise<SlackRefusal> {
  try {
    await call;
  } catch (error) {
    const data = (error as Partial<WebAPIPlatformError>).data;
    if (data) return data;
    throw error;
  }
  throw new Error('the call succeeded');
}

async function openDm(user = 'U0MICHAEL'): Promise<string> {
  const opened = await client.conversations.open({ users: user });
  return opened.channel?.id ?? '';
}

const section = (text: string) => ({ type: 'section' as const, text: { type: 'mrkdwn' as const, text } });

describe('fake Slack Web API', () => {
  it('serves on loopback with a base URL ending in /', () => {
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('answers auth.test with the bot identity', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, team_id: slack.team.id, user_id: slack.team.bot.user_id, bot_id: slack.team.bot.bot_id });
    expect(result.url).toMatch(/^https:\/\/.+\.slack\.com\/$/);
  });

  it('refuses a missing or wrong token like Slack', async () => {
    expect((await slackError(webClient('xoxb-wrong').auth.test())).error).toBe('invalid_auth');
    expect((await slackError(webClient(undefined).auth.test())).error).toBe('not_authed');
  });

  it('opens a DM once and posts to it, answering {ok, channel, ts, message}', async () => {
    const opened = await client.conversations.open({ users: 'U0MICHAEL' });
    expect(opened.channel?.id).toMatch(/^D/);
    expect(opened.already_open).toBeUndefined();
    const again = await client.conversations.open({ users: 'U0MICHAEL' });
    expect(again).toMatchObject({ no_op: true, already_open: true, channel: { id: opened.channel?.id } });

    const channel = opened.channel?.id ?? '';
    const posted = await client.chat.postMessage({ channel, text: 'Good morning, Michael! 🌅', blocks: [section('Good morning, Michael! 🌅')] });
    expect(posted).toMatchObject({
      ok: true,
      channel,
      ts: '1700000000.000000',
      message: { type: 'message', text: 'Good morning, Michael! 🌅', user: slack.team.bot.user_id, bot_id: slack.team.bot.bot_id, blocks: [section('Good morning, Michael! 🌅')] },
    });
    // JSON-encoded blocks in the form body arrive as blocks, and emoji as real UTF-8.
    expect(slack.state.messages({ channel })).toEqual([expect.objectContaining({ text: 'Good morning, Michael! 🌅', blocks: [section('Good morning, Michael! 🌅')] })]);
  });

  it('hands out strictly increasing timestamps and keeps threads', async () => {
    const channel = await openDm();
    const root = await client.chat.postMessage({ channel, text: 'root' });
    const reply = await client.chat.postMessage({ channel, text: 'reply', thread_ts: root.ts ?? '' });
    const third = await client.chat.postMessage({ channel, text: 'third', thread_ts: root.ts ?? '' });
    expect([root.ts, reply.ts, third.ts]).toEqual(['1700000000.000000', '1700000000.000001', '1700000000.000002']);
    expect(reply.message?.thread_ts).toBe(root.ts);
    const replies = await client.conversations.replies({ channel, ts: root.ts ?? '' });
    expect(replies.messages?.map((m) => m.text)).toEqual(['root', 'reply', 'third']);
    expect(replies.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: root.ts, latest_reply: third.ts });
    const history = await client.conversations.history({ channel });
    expect(history.messages?.map((m) => m.text)).toEqual(['root']);
  });

  it('posts to a user id as the bot DM with that person', async () => {
    const posted = await client.chat.postMessage({ channel: 'U0MICHAEL', text: 'hi' });
    expect(posted.channel).toBe(await openDm());
  });

  it('refuses 51 blocks with invalid_blocks, as Slack does (there is no too_many_blocks)', async () => {
    const channel = await openDm();
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    const data = await slackError(client.chat.postMessage({ channel, text: 'x', blocks }));
    expect(data.error).toBe('invalid_blocks');
    expect(data.errors).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
    expect(data.response_metadata?.messages).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
    expect(slack.state.messages({ channel })).toEqual([]);
  });

  it('refuses a 3,001-character section with invalid_blocks and accepts 3,000', async () => {
    const channel = await openDm();
    const data = await slackError(client.chat.postMessage({ channel, text: 'x', blocks: [section('a'.repeat(3_001))] }));
    expect(data.error).toBe('invalid_blocks');
    expect(data.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
    await expect(client.chat.postMessage({ channel, text: 'x', blocks: [section('a'.repeat(3_000))] })).resolves.toMatchObject({ ok: true });
  });

  it('refuses 40,001 characters of text with msg_too_long', async () => {
    const channel = await openDm();
    expect((await slackError(client.chat.postMessage({ channel, text: 'a'.repeat(40_001) }))).error).toBe('msg_too_long');
    await expect(client.chat.postMessage({ channel, text: 'a'.repeat(40_000) })).resolves.toMatchObject({ ok: true });
  });

  it('refuses an unknown block type, unknown properties, and blocks too long in total', async () => {
    const channel = await openDm();
    const unknown = await slackError(client.chat.postMessage({ channel, text: 'x', blocks: [{ type: 'carousel_of_doom' }] }));
    expect(unknown).toMatchObject({ error: 'invalid_blocks', errors: ['unsupported type: carousel_of_doom [json-pointer:/blocks/0/type]'] });
    // A typo @slack/types would catch at compile time, sent as a plain object the way a JSON payload arrives.
    const typoBlock: { type: string } = { type: 'image', ...{ imageUrl: 'https://x', alt_text: 'x' } };
    const typo = await slackError(client.chat.postMessage({ channel, text: 'x', blocks: [typoBlock] }));
    expect(typo.error).toBe('invalid_blocks');
    expect(typo.errors).toContain('invalid additional property: imageUrl [json-pointer:/blocks/0/imageUrl]');
    const tooLong = await slackError(client.chat.postMessage({ channel, text: 'x', blocks: Array.from({ length: 5 }, () => section('a'.repeat(3_000))) }));
    expect(tooLong.error).toBe('msg_blocks_too_long');
    expect((await slackError(client.chat.postMessage({ channel, text: '' }))).error).toBe('no_text');
  });

  it('accepts every message the report renderer makes, and the coach reply with its button', async () => {
    const channel = await openDm();
    const reply = renderCoachReply('What feels like the most important problem to solve today? <!channel>', { sessionId: 7, words: EN });
    await expect(client.chat.postMessage({ channel, ...reply })).resolves.toMatchObject({ ok: true });
    const report = renderReport({
      title: 'A title & more',
      significance: { established: 'e', missing: ['m'] },
      task: { established: 'e', missing: [], task: 't' },
      archetypes: { established: 'e', missing: [] },
      crux: { established: 'e', missing: [], crux: null },
      cruxSolutions: { tactics: [{ name: 'n', description: 'd', firstStep: 'f', whyItWorks: 'w', obstacles: 'o' }] },
      beliefs: { limiting: [], empowering: [], emerging: [], experiment: 'x' },
      factCheck: { facts: [{ claim: 'c', status: 'known' }] },
      oneMoreThing: { observation: 'o' },
      evaluation: { worked: ['w'], improve: ['i'], score: 7, rationale: 'r' },
      date: '2026-11-24',
      startedAt: new Date(0),
      endedAt: new Date(600_000),
      turns: 1,
      writtenBy: 'offline',
      transcript: [{ speaker: 'person', name: 'Michael', text: 'x'.repeat(30_000) }],
    }, EN);
    for (const message of report) await expect(client.chat.postMessage({ channel, ...message })).resolves.toMatchObject({ ok: true });
  });

  it('honours a 429 with Retry-After through WebClient, then succeeds', async () => {
    const channel = await openDm();
    const retrying = webClient(slack.botToken, 1);
    const waits: number[] = [];
    retrying.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const posted = await retrying.chat.postMessage({ channel, text: 'after the wait' });
    expect(posted.ok).toBe(true);
    expect(waits).toEqual([1]);
    expect(slack.calls('chat.postMessage').map((call) => call.status)).toEqual([429, 200]);
    expect(slack.state.messages({ channel }).map((m) => m.text)).toEqual(['after the wait']);
  });

  it('injects a Slack error once, then behaves again', async () => {
    const channel = await openDm();
    slack.failNext('chat.postMessage', 'channel_not_found');
    expect((await slackError(client.chat.postMessage({ channel, text: 'x' }))).error).toBe('channel_not_found');
    await expect(client.chat.postMessage({ channel, text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('answers users.info with tz and names, deleted people included', async () => {
    const { user } = await client.users.info({ user: 'U0MICHAEL' });
    expect(user).toMatchObject({
      id: 'U0MICHAEL',
      team_id: slack.team.id,
      deleted: false,
      real_name: 'Michael Scott',
      tz: 'America/New_York',
      profile: { first_name: 'Michael', last_name: 'Scott', real_name: 'Michael Scott', display_name: 'michael' },
    });
    expect([-18_000, -14_400]).toContain(user?.tz_offset);
    expect((await client.users.info({ user: 'U0GONE' })).user).toMatchObject({ deleted: true, tz: 'Europe/Berlin' });
    expect((await slackError(client.users.info({ user: 'U0NOBODY' }))).error).toBe('user_not_found');
    expect((await slackError(client.conversations.open({ users: 'U0GONE' }))).error).toBe('user_disabled');
  });

  it('says the locale in users.info only with include_locale, as Slack does (en-US unless set)', async () => {
    expect((await client.users.info({ user: 'U0MICHAEL' })).user).not.toHaveProperty('locale');
    expect((await client.users.info({ user: 'U0MICHAEL', include_locale: true })).user?.locale).toBe('en-US');
    slack.state.addUser({ id: 'U0HANNA', firstName: 'Hanna', locale: 'de-DE' });
    expect((await client.users.info({ user: 'U0HANNA', include_locale: true })).user?.locale).toBe('de-DE');
    slack.state.updateUser('U0HANNA', { locale: 'ja-JP' });
    expect((await client.users.info({ user: 'U0HANNA', include_locale: true })).user?.locale).toBe('ja-JP');
    expect((await client.users.info({ user: 'U0HANNA', include_locale: false })).user).not.toHaveProperty('locale');
  });

  it('keeps workspaces apart', async () => {
    const other = slack.state.addTeam({ id: 'T0OTHER' });
    slack.state.addUser({ teamId: 'T0OTHER', id: 'U0ELSEWHERE', firstName: 'Else' });
    expect((await slackError(client.users.info({ user: 'U0ELSEWHERE' }))).error).toBe('user_not_found');
    const otherClient = webClient(other.bot.token);
    const theirs = (await otherClient.conversations.open({ users: 'U0ELSEWHERE' })).channel?.id ?? '';
    expect((await slackError(client.chat.postMessage({ channel: theirs, text: 'x' }))).error).toBe('channel_not_found');
  });

  it('adds and removes reactions, refusing doubles', async () => {
    const channel = await openDm();
    const person = slack.state.postMessage({ channel, user: 'U0MICHAEL', text: 'I want to learn evals' });
    await client.reactions.add({ channel, timestamp: person.ts, name: 'thought_balloon' });
    expect(slack.state.message(channel, person.ts)?.reactions).toEqual([{ name: 'thought_balloon', users: [slack.team.bot.user_id], count: 1 }]);
    expect((await slackError(client.reactions.add({ channel, timestamp: person.ts, name: 'thought_balloon' }))).error).toBe('already_reacted');
    await client.reactions.remove({ channel, timestamp: person.ts, name: 'thought_balloon' });
    expect(slack.state.message(channel, person.ts)?.reactions).toBeUndefined();
    expect((await slackError(client.reactions.remove({ channel, timestamp: person.ts, name: 'thought_balloon' }))).error).toBe('no_reaction');
  });

  it('updates and deletes only its own messages', async () => {
    const channel = await openDm();
    const posted = await client.chat.postMessage({ channel, text: 'draft' });
    const updated = await client.chat.update({ channel, ts: posted.ts ?? '', text: 'final', blocks: [section('final')] });
    expect(updated).toMatchObject({ ok: true, channel, ts: posted.ts, text: 'final' });
    expect(slack.state.message(channel, posted.ts ?? '')?.edited).toBeDefined();
    const person = slack.state.postMessage({ channel, user: 'U0MICHAEL', text: 'mine' });
    expect((await slackError(client.chat.update({ channel, ts: person.ts, text: 'hacked' }))).error).toBe('cant_update_message');
    expect((await slackError(client.chat.delete({ channel, ts: person.ts }))).error).toBe('cant_delete_message');
    await expect(client.chat.delete({ channel, ts: posted.ts ?? '' })).resolves.toMatchObject({ ok: true });
    expect((await slackError(client.chat.delete({ channel, ts: posted.ts ?? '' }))).error).toBe('message_not_found');
  });

  it('posts ephemeral messages only to members, validated like any message', async () => {
    const channel = await openDm();
    const posted = await client.chat.postEphemeral({ channel, user: 'U0MICHAEL', text: 'only you' });
    expect(posted.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.state.ephemerals({ user: 'U0MICHAEL' })).toEqual([expect.objectContaining({ text: 'only you', channel })]);
    expect((await slackError(client.chat.postEphemeral({ channel, user: 'U0GONE', text: 'x' }))).error).toBe('user_not_in_channel');
    expect((await slackError(client.chat.postEphemeral({ channel, user: 'U0MICHAEL', text: 'x', blocks: [{ type: 'nope' }] }))).error).toBe('invalid_blocks');
  });

  it('publishes a Home tab, refusing a bad view with invalid_arguments and a stale hash with hash_conflict', async () => {
    const published = await client.views.publish({ user_id: 'U0MICHAEL', view: { type: 'home', blocks: [section('Your reports')] } });
    expect(published.view).toMatchObject({ type: 'home', team_id: slack.team.id, blocks: [section('Your reports')] });
    expect(slack.state.view(slack.team.id, 'U0MICHAEL')?.blocks).toEqual([section('Your reports')]);

    const bad = await slackError(
      client.views.publish({ user_id: 'U0MICHAEL', view: { type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] } }),
    );
    expect(bad).toMatchObject({ error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must be less than 151 characters [json-pointer:/view/blocks/0/text/text]'] } });
    const tooMany = await slackError(client.views.publish({ user_id: 'U0MICHAEL', view: { type: 'home', blocks: Array.from({ length: 101 }, () => ({ type: 'divider' as const })) } }));
    expect(tooMany.error).toBe('invalid_arguments');
    expect((await slackError(client.views.publish({ user_id: 'U0MICHAEL', view: { type: 'home', blocks: [] }, hash: 'stale' }))).error).toBe('hash_conflict');
    await expect(client.views.publish({ user_id: 'U0MICHAEL', view: { type: 'home', blocks: [] }, hash: published.view?.hash ?? '' })).resolves.toMatchObject({ ok: true });
  });

  describe('views.open', () => {
    const modal = (blocks: unknown[] = [section('The report')], title = 'Report 2026-01-26') => ({
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: title },
      close: { type: 'plain_text' as const, text: 'Close' },
      blocks: blocks as never,
    });

    it('exchanges a trigger the state issued for a modal, open for whoever it came from', async () => {
      const changes: SlackChange[] = [];
      slack.state.onChange((change) => changes.push(change));
      const trigger = slack.state.createTrigger(slack.team.id, 'U0MICHAEL');
      expect(trigger.id).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);

      const opened = await client.views.open({ trigger_id: trigger.id, view: modal() });
      expect(opened.view).toMatchObject({
        type: 'modal',
        team_id: slack.team.id,
        title: { type: 'plain_text', text: 'Report 2026-01-26' },
        close: { type: 'plain_text', text: 'Close' },
        blocks: [section('The report')],
        app_id: slack.team.bot.app_id,
        bot_id: slack.team.bot.bot_id,
      });
      expect(opened.view?.id).toMatch(/^V/);
      expect(opened.view?.root_view_id).toBe(opened.view?.id);
      expect(slack.state.modal(slack.team.id, 'U0MICHAEL')).toMatchObject({ id: opened.view?.id, user_id: 'U0MICHAEL', type: 'modal' });
      expect(changes.map((c) => c.type)).toEqual(['view_opened']);

      expect(slack.state.closeModal(slack.team.id, 'U0MICHAEL', opened.view?.id)?.id).toBe(opened.view?.id);
      expect(slack.state.modal(slack.team.id, 'U0MICHAEL')).toBeUndefined();
      expect(changes.map((c) => c.type)).toEqual(['view_opened', 'view_closed']);
    });

    it('takes interactivity_pointer as well as trigger_id', async () => {
      const pointer = slack.state.createTrigger(slack.team.id, 'U0MICHAEL').id;
      await expect(client.views.open({ interactivity_pointer: pointer, view: modal() })).resolves.toMatchObject({ ok: true, view: { type: 'modal' } });
    });

    it('honours a trigger once, within its time, and only in the workspace that issued it', async () => {
      const trigger = slack.state.createTrigger(slack.team.id, 'U0MICHAEL').id;
      await client.views.open({ trigger_id: trigger, view: modal() });
      expect((await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).error).toBe('exchanged_trigger_id');

      // Shaped like Slack's, but never issued: a made-up or a guessed trigger.
      expect((await slackError(client.views.open({ trigger_id: '1700000000.1.abcdef0123', view: modal() }))).error).toBe('invalid_trigger_id');
      expect((await slackError(client.views.open({ trigger_id: `${Date.now()}.local`, view: modal() }))).error).toBe('invalid_trigger_id');

      const other = slack.state.addTeam({ id: 'T0OTHER' });
      slack.state.addUser({ teamId: 'T0OTHER', id: 'U0OTHER' });
      const theirs = slack.state.createTrigger('T0OTHER', 'U0OTHER').id;
      expect((await slackError(client.views.open({ trigger_id: theirs, view: modal() }))).error).toBe('invalid_trigger_id');
      await expect(webClient(other.bot.token).views.open({ trigger_id: theirs, view: modal() })).resolves.toMatchObject({ ok: true });

      const late = slack.state.createTrigger(slack.team.id, 'U0MICHAEL').id;
      clock += 30_001;
      expect((await slackError(client.views.open({ trigger_id: late, view: modal() }))).error).toBe('expired_trigger_id');
      expect(slack.state.modal(slack.team.id, 'U0MICHAEL')?.blocks).toEqual([section('The report')]);
    });

    it('refuses a view Slack would refuse with invalid_arguments, 101 blocks included, and keeps the trigger', async () => {
      const trigger = slack.state.createTrigger(slack.team.id, 'U0MICHAEL').id;
      const tooMany = await slackError(client.views.open({ trigger_id: trigger, view: modal(Array.from({ length: 101 }, () => ({ type: 'divider' }))) }));
      expect(tooMany).toMatchObject({ error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] } });
      expect(tooMany).not.toHaveProperty('errors');

      const longTitle = await slackError(client.views.open({ trigger_id: trigger, view: modal([], 'x'.repeat(25)) }));
      expect(longTitle).toMatchObject({ error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] } });
      expect((await slackError(client.views.open({ trigger_id: trigger, view: { type: 'home', blocks: [] } }))).error).toBe('invalid_arguments');
      expect((await slackError(client.views.open({ trigger_id: '', view: modal() }))).error).toBe('invalid_arguments');
      expect(slack.state.modal(slack.team.id, 'U0MICHAEL')).toBeUndefined();

      // None of the refusals used the trigger up.
      await expect(client.views.open({ trigger_id: trigger, view: modal(Array.from({ length: 100 }, () => ({ type: 'divider' }))) })).resolves.toMatchObject({ ok: true });
    });
  });

  it('answers missing_scope when the workspace was not granted a scope', async () => {
    const narrow = slack.state.addTeam({ id: 'T0NARROW', scopes: ['chat:write', 'im:write'] });
    slack.state.addUser({ teamId: 'T0NARROW', id: 'U0NARROW' });
    const data = await slackError(webClient(narrow.bot.token).users.info({ user: 'U0NARROW' }));
    expect(data).toMatchObject({ error: 'missing_scope', needed: 'users:read', provided: 'chat:write,im:write' });
  });

  it('accepts JSON bodies as well as form bodies', async () => {
    const channel = await openDm();
    const response = await fetch(`${slack.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${slack.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel, text: 'json ✅', blocks: [section('json ✅')] }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel, message: { text: 'json ✅' } });
  });

  it('streams changes for a live page, and serves response URLs', async () => {
    const changes: SlackChange['type'][] = [];
    const stop = slack.state.onChange((change) => changes.push(change.type));
    const channel = await openDm();
    const root = await client.chat.postMessage({ channel, text: 'root' });
    await client.chat.postMessage({ channel, text: 'reply', thread_ts: root.ts ?? '' });
    stop();
    await client.chat.postMessage({ channel, text: 'unseen' });
    expect(changes).toEqual(['channel_created', 'message_posted', 'message_posted', 'message_changed']);

    const url = slack.responseUrl(slack.state.createResponseUrl({ team: slack.team.id, channel, user: 'U0MICHAEL' }));
    const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ text: 'ephemeral answer' })).status).toBe(200);
    expect(slack.state.ephemerals({ user: 'U0MICHAEL' }).map((e) => e.text)).toEqual(['ephemeral answer']);
    expect((await post({ text: 'x', blocks: [{ type: 'nope' }] })).status).toBe(400);
    for (let i = 0; i < 3; i += 1) await post({ text: `again ${i}` });
    const sixth = await post({ text: 'one too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
  });
});

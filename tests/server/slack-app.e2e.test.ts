import { signature, directMessageEvent, sendCommand, sendEvent, sendInteraction, blockActionsPayload, sendSigned } from '../../devtools/fake-slack/signed-requests';
import type { MessageRecord } from '../../devtools/fake-slack';
import { validateMessage } from '../../devtools/block-kit/validate';
import { botMessagesIn, settled as botSettled, startE2E, waitFor, type E2E } from '../support/e2e';
import { wordsFor } from '../../src/words/catalog';

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
/** A new person in the fake workspace, so each test starts with no session of its own. */
function newPerson(firstName = 'Sam', tz = 'Europe/Berlin', team = 'T1'): string {
  const id = `UP${++people}`;
  e2e.slack.state.addUser({ teamId: team, id, firstName, tz });
  return id;
}

/** A person writes in their DM with the bot: stored in the fake Slack, then delivered as message.im. */
async function say(user: string, text: string, options: { threadTs?: string; team?: string; retryNum?: number } = {}) {
  const team = options.team ?? 'T1';
  const { channel } = e2e.slack.state.openIm(team, user);
  const message = e2e.slack.state.postMessage({ channel: channel.id, user, text, ...(options.threadTs ? { thread_ts: options.threadTs } : {}) });
  const sender = { ...e2e.sender, teamId: team };
  const response = await sendEvent(sender, directMessageEvent({ user, channel: channel.id, ts: message.ts, text, threadTs: options.threadTs }), {
    retryNum: options.retryNum,
  });
  expect(response.status).toBe(200);
  return { channel: channel.id, ts: message.ts };
}

function botReplies(channel: string, threadTs: string) {
  return botMessagesIn(e2e.slack, channel, threadTs);
}

async function replyCount(channel: string, threadTs: string, n: number): Promise<MessageRecord[]> {
  return waitFor(`${n} bot messages in the thread`, () => {
    const replies = botReplies(channel, threadTs);
    return replies.length >= n ? replies : undefined;
  });
}

function settled(): Promise<void> {
  return botSettled(e2e.bot);
}

/** Everything the bot put on Slack: messages, ephemerals, views. */
function everythingPosted(): string {
  const snapshot = e2e.slack.state.snapshot();
  return JSON.stringify([
    snapshot.messages.filter((m) => m.bot_id),
    snapshot.ephemerals,
    snapshot.views,
  ]);
}

async function finishSession(user: string, team = 'T1') {
  const opening = await say(user, 'good morning', { team });
  await replyCount(opening.channel, opening.ts, 1);
  await say(user, 'I want to write the evals for our search feature', { threadTs: opening.ts, team });
  await replyCount(opening.channel, opening.ts, 2);
  await say(user, 'wrap up', { threadTs: opening.ts, team });
  await waitFor('the report', () => botReplies(opening.channel, opening.ts).find((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
  await settled();
  return opening;
}

describe('the HTTP endpoint', () => {
  test('GET /healthz answers 200 while the database answers', async () => {
    const response = await fetch(`${e2e.baseUrl}/healthz`);
    expect(response.status).toBe(200);
  });

  test('unsigned, wrongly signed and six-minute-old requests get 401 and do nothing', async () => {
    const event = directMessageEvent({ user: 'U2', channel: 'D-NOPE', ts: '1700000000.000100', text: 'hello' });
    const unsigned = await sendEvent(e2e.sender, event, { secret: null });
    const wrong = await sendEvent(e2e.sender, event, { secret: 'not-the-secret' });
    const old = await sendEvent(e2e.sender, event, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect([unsigned.status, wrong.status, old.status]).toEqual([401, 401, 401]);
    // A correct signature over a different body is still wrong.
    const body = JSON.stringify({ type: 'event_callback', event });
    const ts = Math.floor(Date.now() / 1000);
    const response = await fetch(e2e.sender.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature(e2e.sender.signingSecret, ts, '{}') },
      body,
    });
    expect(response.status).toBe(401);
    await settled();
    expect(e2e.slack.state.messages({ author: 'bot' }).filter((m) => m.channel === 'D-NOPE')).toHaveLength(0);
  });

  test('url_verification is answered with the challenge', async () => {
    const response = await sendSigned(e2e.sender, JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }), 'application/json');
    expect(response.status).toBe(200);
    expect(response.body).toContain('abc123');
  });
});

describe('a coaching session in a DM thread', () => {
  test('from the first DM to "wrap up": one reply per turn in the root thread, then the report and the whole transcript', async () => {
    const opening = await say('U1', 'good morning');
    const [greeting] = await replyCount(opening.channel, opening.ts, 1);
    expect(greeting!.thread_ts).toBe(opening.ts);
    expect(greeting!.text).toContain('Good morning, Michael! 🌅');

    const answers = [
      'I want to really learn evals and use of langsmith today',
      'It is the skill to learn as an AI product manager',
      'I can help my new team move the needle on LLM features',
      'Write one eval for the search feature by noon, passing on 20 examples',
      'Either label examples by hand or generate them with a model',
      'The crux is that we have no labelled examples yet',
    ];
    for (const [i, answer] of answers.entries()) {
      // Every other answer as a top-level DM: it continues today's session in its thread.
      const { ts } = await say('U1', answer, i % 2 === 0 ? { threadTs: opening.ts } : {});
      const replies = await replyCount(opening.channel, opening.ts, i + 2);
      expect(replies).toHaveLength(i + 2);
      expect(replies[i + 1]!.thread_ts).toBe(opening.ts);
      if (i % 2 === 1) expect(botReplies(opening.channel, ts)).toEqual([]);
    }
    await settled();
    expect(botReplies(opening.channel, opening.ts)).toHaveLength(answers.length + 1);
    // The 💭 reaction is taken off again.
    expect(e2e.slack.state.message(opening.channel, opening.ts)?.reactions ?? []).toEqual([]);

    await say('U1', 'Wrap up!', { threadTs: opening.ts });
    const report = await waitFor('the report header', () =>
      botReplies(opening.channel, opening.ts).find((m) => (m.blocks as { type: string }[] | undefined)?.[0]?.type === 'header'),
    );
    await settled();
    const header = (report.blocks as { type: string; text: { text: string } }[])[0]!;
    expect(header.text.text).toMatch(/^Deep Thoughts: .+/);
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(JSON.stringify(report.blocks)).toMatch(/Overall coaching effectiveness score: \d+\/10/);
    expect(report.text.length).toBeGreaterThan(0);

    const after = botReplies(opening.channel, opening.ts).slice(botReplies(opening.channel, opening.ts).indexOf(report));
    for (const message of after) {
      expect(validateMessage({ text: message.text, blocks: message.blocks })).toEqual([]);
      expect(message.text.length).toBeGreaterThan(0);
    }
    const transcript = after.slice(1).map((m) => JSON.stringify(m.blocks) + m.text).join('\n');
    for (const answer of answers) expect(transcript).toContain(answer);
    expect(transcript).toContain('good morning');
    // The report was written by the model through a forced tool.
    expect(e2e.anthropic.requests.some((r) => r.body.tool_choice?.name === 'write_report')).toBe(true);
  });

  test('the same event delivered three times at once with retry headers yields one reply', async () => {
    const user = newPerson();
    const { channel } = e2e.slack.state.openIm('T1', user);
    const message = e2e.slack.state.postMessage({ channel: channel.id, user, text: 'I keep postponing the launch plan' });
    const event = directMessageEvent({ user, channel: channel.id, ts: message.ts, text: message.text });
    const responses = await Promise.all([
      sendEvent(e2e.sender, event, { eventId: 'EvSAME1' }),
      sendEvent(e2e.sender, event, { eventId: 'EvSAME1', retryNum: 1 }),
      sendEvent(e2e.sender, event, { eventId: 'EvSAME1', retryNum: 2 }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    await replyCount(channel.id, message.ts, 1);
    await settled();
    expect(botReplies(channel.id, message.ts)).toHaveLength(1);
    const { rows } = await e2e.database.pool.query("select count(*)::int n from messages where role = 'person' and slack_ts = $1", [message.ts]);
    expect(rows[0].n).toBe(1);
  });

  test('bot, self, edited and deleted messages get no reply', async () => {
    const { channel } = e2e.slack.state.openIm('T1', 'U2');
    const bot = e2e.slack.team.bot;
    const ignored = [
      directMessageEvent({ user: 'U2', channel: channel.id, ts: '1800000000.000001', text: 'from another bot', botId: 'BOTHER', subtype: 'bot_message' }),
      directMessageEvent({ user: bot.user_id, channel: channel.id, ts: '1800000000.000002', text: 'my own words', botId: bot.bot_id }),
      directMessageEvent({
        user: 'U2',
        channel: channel.id,
        ts: '1800000000.000003',
        text: '',
        subtype: 'message_changed',
        extra: { hidden: true, message: { type: 'message', user: 'U2', text: 'edited text', ts: '1800000000.000001' } },
      }),
      directMessageEvent({ user: 'U2', channel: channel.id, ts: '1800000000.000004', text: '', subtype: 'message_deleted', extra: { hidden: true, deleted_ts: '1800000000.000001' } }),
      directMessageEvent({ user: 'U2', channel: channel.id, ts: '1800000000.000005', text: 'joined', subtype: 'channel_join' }),
    ];
    for (const event of ignored) expect((await sendEvent(e2e.sender, event)).status).toBe(200);
    await settled();
    const bodies = e2e.slack.calls('chat.postMessage').map((c) => JSON.stringify(c.args));
    for (const ts of ['1800000000.000001', '1800000000.000002', '1800000000.000003', '1800000000.000004', '1800000000.000005']) {
      expect(bodies.some((b) => b.includes(ts))).toBe(false);
    }
    const { rows } = await e2e.database.pool.query("select count(*)::int n from messages where slack_ts like '1800000000.%'");
    expect(rows[0].n).toBe(0);
  });

  test('a file share with text is coached on its text', async () => {
    const user = newPerson();
    const { channel } = e2e.slack.state.openIm('T1', user);
    const message = e2e.slack.state.postMessage({ channel: channel.id, user, text: 'here is my draft roadmap' });
    await sendEvent(e2e.sender, directMessageEvent({ user, channel: channel.id, ts: message.ts, text: message.text, subtype: 'file_share', extra: { files: [{ id: 'F1' }] } }));
    const [reply] = await replyCount(channel.id, message.ts, 1);
    expect(reply!.text).toContain('draft roadmap');
  });
});

describe('notices instead of a coaching turn', () => {
  test('a message in a session already wrapped up is told so once; its re-delivery is not told again', async () => {
    const user = newPerson('Closed');
    const opening = await finishSession(user);
    const before = botReplies(opening.channel, opening.ts).length;
    const late = e2e.slack.state.postMessage({ channel: opening.channel, user, text: 'one more idea', thread_ts: opening.ts });
    const event = directMessageEvent({ user, channel: opening.channel, ts: late.ts, text: late.text, threadTs: opening.ts });
    await sendEvent(e2e.sender, event, { eventId: 'EvCLOSED1' });
    await settled();
    await sendEvent(e2e.sender, event, { eventId: 'EvCLOSED1', retryNum: 1 });
    await settled();
    const notices = botReplies(opening.channel, opening.ts).slice(before);
    expect(notices.map((m) => m.text)).toEqual([EN.sessionClosed]);
    // Nothing was coached: the model was not asked again.
    expect(e2e.anthropic.requests.filter((r) => JSON.stringify(r.body).includes('one more idea'))).toEqual([]);
  });

  test('a message in a session that was closed unanswered is told to start afresh', async () => {
    const user = newPerson('Abandoned');
    const opening = await say(user, 'good morning');
    await replyCount(opening.channel, opening.ts, 1);
    await e2e.database.pool.query("update sessions set status = 'abandoned', version = version + 1 where team_id = 'T1' and user_id = $1", [user]);
    await say(user, 'back again', { threadTs: opening.ts });
    await settled();
    expect(botReplies(opening.channel, opening.ts).slice(1).map((m) => m.text)).toEqual([EN.abandonedSession]);
  });

  test('a file with no text gets a notice that only words are read, once, and nothing is stored', async () => {
    const user = newPerson('Files');
    const { channel } = e2e.slack.state.openIm('T1', user);
    const message = e2e.slack.state.postMessage({ channel: channel.id, user, text: '' });
    const event = directMessageEvent({ user, channel: channel.id, ts: message.ts, text: '', subtype: 'file_share', extra: { files: [{ id: 'F1' }] } });
    await sendEvent(e2e.sender, event, { eventId: 'EvFILE1' });
    await settled();
    await sendEvent(e2e.sender, event, { eventId: 'EvFILE1', retryNum: 1 });
    await settled();
    expect(botReplies(channel.id, message.ts).map((m) => m.text)).toEqual([EN.noTextToCoach]);
    const { rows } = await e2e.database.pool.query('select count(*)::int n from messages where slack_ts = $1', [message.ts]);
    expect(rows[0].n).toBe(0);
  });
});

describe('the thinking signal', () => {
  test('a rate-limited 💭 reaction is dropped, not retried, and the reply still comes', async () => {
    const user = newPerson('Busy');
    const before = e2e.slack.calls('reactions.add').length;
    e2e.slack.failNext('reactions.add', { status: 429, retryAfter: 30 });
    const opening = await say(user, 'I need to prepare the board deck');
    const [reply] = await replyCount(opening.channel, opening.ts, 1);
    expect(reply!.text).toContain('board deck');
    await settled();
    expect(e2e.slack.calls('reactions.add').length - before).toBe(1);
    expect(e2e.slack.calls('reactions.remove').filter((c) => JSON.stringify(c.args).includes(opening.ts))).toEqual([]);
    expect(e2e.logger.lines.some((l) => l.includes('"code":"thinking_reaction_failed"'))).toBe(true);
  });
});

describe('hostile and odd input', () => {
  test('a 39,000-character message, emoji only, empty text and an injection attempt: no crash, nothing unescaped', async () => {
    const user = newPerson();
    const { channel, ts: thread } = await say(user, 'hello');
    await replyCount(channel, thread, 1);

    // Mentions and links arrive as Slack encodes them; typed angle brackets arrive escaped, as Slack sends them.
    const injection = 'Ping <!channel> and <!here> and <@U1> and <https://evil.example|click me> &amp; &lt;script&gt;alert(1)&lt;/script&gt;';
    const long = `${'lorem ipsum dolor sit amet '.repeat(1500)}end`.slice(0, 39_000);
    const before = botReplies(channel, thread).length;
    for (const text of [long, '🔥🔥🔥', injection]) {
      await say(user, text, { threadTs: thread });
    }
    const empty = e2e.slack.state.postMessage({ channel: channel, user, text: '', thread_ts: thread });
    await sendEvent(e2e.sender, directMessageEvent({ user, channel: channel, ts: empty.ts, text: '', threadTs: thread }));
    await waitFor('replies to the odd messages', () => botReplies(channel, thread).length >= before + 1);
    await settled();

    await say(user, 'wrap up', { threadTs: thread });
    await waitFor('the report', () => botReplies(channel, thread).some((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
    await settled();

    const posted = everythingPosted();
    expect(posted).not.toMatch(/<!channel>|<!here>|<@U1>|<https?:/);
    expect(posted).not.toContain('<script>');
    expect(posted).toContain('&lt;!channel&gt;');
    // Stored as typed: decoded once on the way in, escaped once on the way out (never &amp;lt;).
    const { rows: stored } = await e2e.database.pool.query("select text from messages where text like 'Ping %'");
    expect(stored[0].text).toContain('& <script>alert(1)</script>');
    expect(posted).toContain('&lt;script&gt;');
    expect(posted).not.toContain('&amp;lt;script');
    // The long message is stored whole.
    const { rows } = await e2e.database.pool.query("select max(length(text))::int n from messages where role = 'person'");
    expect(rows[0].n).toBe(39_000);
    // …and no log line quotes it.
    expect(e2e.logger.lines.join('\n')).not.toContain('lorem ipsum dolor');
  });
});

describe('the model failing', () => {
  test('529s for a while: a friendly message, nothing lost, then normal coaching and a full transcript', async () => {
    const user = newPerson('Grace');
    const team = 'T1';
    const opening = await say(user, 'good morning', { team });
    await replyCount(opening.channel, opening.ts, 1);

    e2e.anthropic.failWith(529);
    await say(user, 'said while the model was down', { threadTs: opening.ts, team });
    const [, sorry] = await replyCount(opening.channel, opening.ts, 2);
    expect(sorry!.text).toMatch(/couldn.t reach my thinking partner/i);
    expect(sorry!.text).toMatch(/saved/);
    expect(sorry!.text).not.toMatch(/529|overloaded|error/i);
    e2e.anthropic.clearFailure();

    await say(user, 'and this once it came back', { threadTs: opening.ts, team });
    const replies = await replyCount(opening.channel, opening.ts, 3);
    expect(replies[2]!.text).toMatch(/\?/);
    // The coach saw the message sent during the outage too.
    const lastTurn = [...e2e.anthropic.requests].reverse().find((r) => r.body.tool_choice?.name === 'coach_turn');
    expect(JSON.stringify(lastTurn?.body.messages)).toContain('said while the model was down');

    await say(user, 'wrap up', { threadTs: opening.ts, team });
    await waitFor('the report', () => botReplies(opening.channel, opening.ts).some((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
    await settled();
    const all = botReplies(opening.channel, opening.ts).map((m) => JSON.stringify(m.blocks ?? []) + m.text).join('\n');
    expect(all).toContain('said while the model was down');
    const logs = e2e.logger.lines.join('\n');
    expect(logs).toContain('"code":"coach_turn_failed"');
    expect(logs).not.toContain('said while the model was down');
  });

  test('the report still arrives when Claude cannot write it', async () => {
    const user = newPerson('Other', 'UTC');
    const team = 'T1';
    const opening = await say(user, 'I need to hire a designer', { team });
    await replyCount(opening.channel, opening.ts, 1);
    e2e.anthropic.failWith(529);
    await say(user, 'wrap up', { threadTs: opening.ts, team });
    const report = await waitFor('the fallback report', () => botReplies(opening.channel, opening.ts).find((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
    e2e.anthropic.clearFailure();
    expect(JSON.stringify(report.blocks)).toMatch(/Overall coaching effectiveness score: \d+\/10/);
    await settled();
  });
});

describe('Slack refusing a post', () => {
  test('a report whose blocks Slack refuses is posted as plain text, and stays stored', async () => {
    const user = newPerson('Plain');
    const opening = await say(user, 'I want to plan the quarter');
    await replyCount(opening.channel, opening.ts, 1);
    await settled();
    // The wrap-up's first post (the report's header message) is refused.
    e2e.slack.failNext('chat.postMessage', 'invalid_blocks');
    await say(user, 'wrap up', { threadTs: opening.ts });
    await waitFor('the plain-text report', () =>
      botReplies(opening.channel, opening.ts).find((m) => m.text.includes('Overall coaching effectiveness score') && !m.blocks?.length),
    );
    await settled();
    const plain = botReplies(opening.channel, opening.ts).filter((m) => !m.blocks?.length);
    expect(plain[0]!.text).toMatch(/plain text/);
    expect(plain.map((m) => m.text).join('\n')).toContain('I want to plan the quarter');
    expect(e2e.logger.lines.some((l) => l.includes('"code":"slack_report_post_failed"') && l.includes('"slack_error":"invalid_blocks"'))).toBe(true);
    const { rows } = await e2e.database.pool.query(
      "select count(*)::int n from reports r join sessions s on s.id = r.session_id where s.user_id = $1",
      [user],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('/coach-report', () => {
  async function command(user: string, text: string, team = 'T1') {
    const { channel } = e2e.slack.state.openIm(team, user);
    const before = e2e.slack.state.ephemerals({ user }).length;
    const record = e2e.slack.state.createResponseUrl({ team, channel: channel.id, user });
    const response = await sendCommand({ ...e2e.sender, teamId: team }, { command: '/coach-report', text, user, channel: channel.id, responseUrl: e2e.slack.responseUrl(record) });
    expect(response.status).toBe(200);
    await settled();
    return e2e.slack.state.ephemerals({ user }).slice(before).filter((x) => x.channel === channel.id);
  }

  function texts(ephemerals: { text: string; blocks?: unknown[] }[]): string {
    return ephemerals.map((e) => `${e.text}\n${JSON.stringify(e.blocks ?? [])}`).join('\n');
  }

  test('before any session, then latest, list, a date, help and garbage', async () => {
    const newcomer = newPerson('Newcomer');
    let seen = texts(await command(newcomer, ''));
    expect(seen).toMatch(/don't have any reports yet/);

    await finishSession(newcomer);
    const all = await command(newcomer, '');
    seen = texts(all);
    expect(seen).toMatch(/Deep Thoughts: /);
    expect(seen).toMatch(/Overall coaching effectiveness score: \d+\/10/);

    seen = texts(await command(newcomer, 'list'));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
    expect(seen).toContain(today);
    expect(seen).toContain('open_report');

    seen = texts(await command(newcomer, today));
    expect(seen).toMatch(/Deep Thoughts: /);
    seen = texts(await command(newcomer, '2020-01-01'));
    expect(seen).toMatch(/no report for 2020-01-01/);

    seen = texts(await command(newcomer, 'help'));
    expect(seen).toMatch(/\/coach-report list/);
    seen = texts(await command(newcomer, 'gimme <!channel> stuff'));
    expect(seen).toMatch(/didn't understand/);
    expect(seen).toContain('&lt;!channel&gt;');
    expect(seen).toMatch(/\/coach-report list/);
    seen = texts(await command(newcomer, '2026-02-30'));
    expect(seen).toMatch(/didn't understand/);

    // The Open button from the list shows the report, only to its owner.
    const list = await command(newcomer, 'list');
    const sessionId = /"action_id":"open_report","value":"([0-9a-f-]{36})"/.exec(JSON.stringify(list.at(-1)?.blocks))?.[1];
    expect(sessionId).toBeDefined();
    const { channel } = e2e.slack.state.openIm('T1', 'U2');
    const record = e2e.slack.state.createResponseUrl({ team: 'T1', channel: channel.id, user: 'U2' });
    const before = e2e.slack.state.ephemerals({ user: 'U2' }).length;
    await sendInteraction(e2e.sender, blockActionsPayload(e2e.sender, { user: 'U2', actionId: 'open_report', value: sessionId!, container: { type: 'message', channel: channel.id, messageTs: '1.0', responseUrl: e2e.slack.responseUrl(record) } }));
    await settled();
    const stolen = texts(e2e.slack.state.ephemerals({ user: 'U2' }).slice(before));
    expect(stolen).not.toMatch(/Deep Thoughts: /);
    expect(stolen).toMatch(/can't find that report/);
  });

  test('nobody sees another person’s report, nor another workspace’s', async () => {
    const owner = newPerson('Owner', 'UTC');
    const neighbourId = newPerson('Neighbour', 'UTC');
    await finishSession(owner);
    expect(texts(await command(owner, ''))).toMatch(/Deep Thoughts: /);
    const neighbour = texts(await command(neighbourId, ''));
    expect(neighbour).not.toMatch(/Deep Thoughts: /);
    const neighbourList = texts(await command(neighbourId, 'list'));
    expect(neighbourList).not.toMatch(/Deep Thoughts|open_report/);
    // The same user id, in another workspace: the command names T2, the report lives in T1.
    const elsewhere = e2e.slack.state.addChannel({ teamId: 'T2', name: 'general', members: [owner, e2e.slack.state.team('T2')!.bot.user_id] });
    const record = e2e.slack.state.createResponseUrl({ team: 'T2', channel: elsewhere.id, user: owner });
    await sendCommand({ ...e2e.sender, teamId: 'T2' }, { command: '/coach-report', text: '', user: owner, channel: elsewhere.id, responseUrl: e2e.slack.responseUrl(record) });
    await settled();
    const twin = texts(e2e.slack.state.ephemerals({ user: owner }).filter((x) => x.channel === elsewhere.id));
    expect(twin).toMatch(/don't have any reports yet/);
    expect(twin).not.toMatch(/Deep Thoughts: /);
  });

  test('today’s session still open: says so, with a Wrap up now button that works', async () => {
    const pending = newPerson('Pending', 'UTC');
    const opening = await say(pending, 'I want to plan the offsite');
    await replyCount(opening.channel, opening.ts, 1);
    const shown = await command(pending, '');
    const seen = texts(shown);
    expect(seen).toMatch(/still open/);
    const sessionId = /"action_id":"wrap_up","value":"([0-9a-f-]{36})"/.exec(seen)?.[1];
    expect(sessionId).toBeDefined();
    const record = e2e.slack.state.createResponseUrl({ team: 'T1', channel: opening.channel, user: pending });
    await sendInteraction(e2e.sender, blockActionsPayload(e2e.sender, { user: pending, actionId: 'wrap_up', value: sessionId!, container: { type: 'message', channel: opening.channel, messageTs: opening.ts, responseUrl: e2e.slack.responseUrl(record) } }));
    await waitFor('the report in the session thread', () => botReplies(opening.channel, opening.ts).some((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
  });
});

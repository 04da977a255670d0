/**
 * What Slack never sends, sent anyway, signed: the bot answers each with a
 * 2xx or 4xx and a coded log line, and stays up to coach the next person.
 * And what Slack does send but Postgres cannot keep (a NUL byte) is coached.
 */
import { directMessageEvent, sendEvent, sendSigned } from '../../devtools/fake-slack/signed-requests';
import { botMessagesIn, startE2E, waitFor, type E2E } from '../support/e2e';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e.stop();
});

const json = 'application/json';

/** A person's DM, stored in the fake Slack and delivered as message.im, as Slack does. */
async function say(user: string, text: string): Promise<{ channel: string; ts: string; status: number }> {
  const { channel } = e2e.slack.state.openIm('T1', user);
  const message = e2e.slack.state.postMessage({ channel: channel.id, user, text });
  const response = await sendEvent(e2e.sender, directMessageEvent({ user, channel: channel.id, ts: message.ts, text }));
  return { channel: channel.id, ts: message.ts, status: response.status };
}
const form = 'application/x-www-form-urlencoded';

const corpus: [string, string, string][] = [
  ['JSON null', 'null', json],
  ['a JSON array', '[1,2,3]', json],
  ['a JSON string', '"hello"', json],
  ['a number', '42', json],
  ['an empty object', '{}', json],
  ['not JSON at all', '{"type": "event_callback", ', json],
  ['an unknown type', JSON.stringify({ type: 'mystery_payload', team_id: 'T1' }), json],
  ['an event without its event', JSON.stringify({ type: 'event_callback', team_id: 'T1' }), json],
  ['an event whose event is a string', JSON.stringify({ type: 'event_callback', team_id: 'T1', event: 'message' }), json],
  ['a DM whose text is a number', JSON.stringify({ type: 'event_callback', team_id: 'T1', event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: 5, ts: '1.1' } }), json],
  ['a DM whose user is an array', JSON.stringify({ type: 'event_callback', team_id: 'T1', event: { type: 'message', channel_type: 'im', channel: 'D1', user: ['U1'], text: 'hi', ts: '1.2' } }), json],
  ['block_actions without a user', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: 'T1' }, actions: [{ action_id: 'wrap_up', type: 'button' }] }))}`, form],
  ['block_actions without actions', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: 'T1' }, user: { id: 'U1' } }))}`, form],
  ['a payload field that is not JSON', 'payload=%7Bnot-json', form],
  ['a slash command without a user', 'command=%2Fcoach-report&team_id=T1&text=list', form],
  ['a view submission without a view', `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', user: { id: 'U1' } }))}`, form],
];

test.each(corpus)('%s gets a 4xx with a coded log line, never a 5xx', async (_name, body, contentType) => {
  const before = e2e.logger.lines.length;
  const response = await sendSigned(e2e.sender, body, contentType);
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const lines = e2e.logger.lines.slice(before).map((l) => JSON.parse(l) as { code: string; level: string });
  expect(lines.map((l) => l.code)).toEqual(expect.arrayContaining([expect.stringMatching(/^(payload_malformed|http_request_refused)$/)]));
  expect(lines.filter((l) => l.level === 'error')).toEqual([]);
});

test('a body over the limit is refused with 413', async () => {
  const response = await sendSigned(e2e.sender, JSON.stringify({ type: 'event_callback', padding: 'x'.repeat(2_000_000) }), json);
  expect(response.status).toBe(413);
});

test('after the whole corpus the bot is up and still coaches', async () => {
  expect((await fetch(`${e2e.baseUrl}/healthz`)).status).toBe(200);
  const sent = await say('U1', 'Still there?');
  expect(sent.status).toBe(200);
  await waitFor('a reply', () => botMessagesIn(e2e.slack, sent.channel, sent.ts).length > 0);
});

describe('request timestamps: five minutes either way', () => {
  const dm = (ts: string) => JSON.stringify({ type: 'event_callback', team_id: 'T1', event: { type: 'message', channel_type: 'im', channel: 'D9', user: 'U2', text: 'hi', ts } });
  const now = () => Math.floor(Date.now() / 1000);

  test.each([
    ['six minutes in the future', 6 * 60],
    ['six minutes in the past', -6 * 60],
  ])('a request stamped %s is refused with 401', async (_name, offset) => {
    const response = await sendSigned(e2e.sender, dm('1700000000.000001'), json, { timestamp: now() + offset });
    expect(response.status).toBe(401);
  });

  test('a request stamped four minutes ahead (a clock a little fast) is taken', async () => {
    const response = await sendSigned(e2e.sender, JSON.stringify({ type: 'url_verification', challenge: 'c1' }), json, { timestamp: now() + 4 * 60 });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: 'c1' });
  });

  test('a wrong signature is refused with 401', async () => {
    const response = await sendSigned(e2e.sender, dm('1700000000.000002'), json, { secret: 'not-the-secret' });
    expect(response.status).toBe(401);
  });
});

test('a DM with a NUL byte and half an emoji is stored in a safe form and coached', async () => {
  const sent = await say('U2', 'my plan\u0000 is \uD83D here');
  expect(sent.status).toBe(200);
  await waitFor('a reply', () => botMessagesIn(e2e.slack, sent.channel, sent.ts).length > 0);
  const { rows } = await e2e.database.pool.query<{ text: string }>("select text from messages where role = 'person' and slack_ts = $1", [sent.ts]);
  expect(rows.map((r) => r.text)).toEqual(['my plan\uFFFD is \uFFFD here']);
});

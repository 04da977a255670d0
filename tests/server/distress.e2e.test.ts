/**
 * A person who says they are not OK, end to end through the real Bolt app
 * (signed requests, the real WebClient and Anthropic SDK against the fakes,
 * real Postgres): the kind words instead of a coaching question, no model
 * call for that turn, a log line with ids only, and the session still open.
 */
import type { MessageRecord } from '../../devtools/fake-slack';
import { botMessagesIn, sayInDm, settled as botSettled, startE2E, waitFor, type E2E } from '../support/e2e';
import { logLines, waitForLog } from '../support/wait';
import { wordsFor } from '../../src/words/catalog';

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
function newPerson(firstName = 'Sam'): string {
  const id = `UD${++people}`;
  e2e.slack.state.addUser({ teamId: 'T1', id, firstName, tz: 'Europe/Berlin' });
  return id;
}

const say = (user: string, text: string, threadTs?: string) => sayInDm(e2e, user, text, threadTs);

function replyCount(channel: string, threadTs: string, n: number): Promise<MessageRecord[]> {
  return waitFor(`${n} bot messages in the thread`, () => {
    const replies = botMessagesIn(e2e.slack, channel, threadTs);
    return replies.length >= n ? replies : undefined;
  });
}

const settled = () => botSettled(e2e.bot);

test('"I\'m not okay" is answered with the kind words, without the model or a question; the session goes on afterwards', async () => {
  const user = newPerson('Robin');
  const opening = await say(user, 'good morning');
  await replyCount(opening.channel, opening.ts, 1);
  await settled();
  const modelCallsBefore = e2e.anthropic.requests.length;
  const logFrom = e2e.logger.lines.length;

  const words = "Honestly I'm not okay. I can't go on like this";
  await say(user, words, opening.ts);
  const replies = await replyCount(opening.channel, opening.ts, 2);
  await settled();
  const support = replies[1]!;
  expect(support.text).toBe(wordsFor('en').distress);
  expect(support.text).not.toMatch(/[?？]/);
  expect(support.text).toContain('findahelpline.com');
  // Nothing to press: no Wrap up button, no report.
  expect(support.blocks ?? []).toEqual([]);
  expect(e2e.anthropic.requests.length).toBe(modelCallsBefore);

  const signal = await waitForLog(e2e.logger, 'distress_signal', { team: 'T1' }, { from: logFrom });
  expect(typeof signal.session).toBe('string');
  const written = e2e.logger.lines.slice(logFrom).join('\n');
  expect(written).not.toContain('not okay');
  expect(written).not.toContain("can't go on");
  expect(written).not.toContain('findahelpline');

  // The session stays open: the next message is coached again, by the model.
  await say(user, 'Thanks. Later I want to write the evals for the search feature by noon', opening.ts);
  const after = await replyCount(opening.channel, opening.ts, 3);
  await settled();
  expect(e2e.anthropic.requests.length).toBeGreaterThan(modelCallsBefore);
  expect(after[2]!.text).not.toBe(wordsFor('en').distress);
});

test('a first message in Spanish gets the Spanish words, in a new session', async () => {
  const user = newPerson('Lucía');
  const logFrom = e2e.logger.lines.length;
  const opening = await say(user, 'No estoy bien. Ya no puedo más.');
  const [support] = await replyCount(opening.channel, opening.ts, 1);
  await settled();
  expect(support!.text).toBe(wordsFor('es').distress);
  expect(support!.text).not.toMatch(/[?¿？]/);
  expect(e2e.anthropic.requests).toHaveLength(0);
  expect(logLines(e2e.logger).slice(logFrom).filter((l) => l.code === 'distress_signal')).toHaveLength(1);
  expect(e2e.logger.lines.slice(logFrom).join('\n')).not.toContain('estoy bien');
});

test('"this bug is killing me" is coached normally', async () => {
  const user = newPerson('Kim');
  const opening = await say(user, 'good morning');
  await replyCount(opening.channel, opening.ts, 1);
  await settled();
  const modelCallsBefore = e2e.anthropic.requests.length;
  const logFrom = e2e.logger.lines.length;

  await say(user, 'This bug is killing me, I want to fix the flaky search test by noon', opening.ts);
  const replies = await replyCount(opening.channel, opening.ts, 2);
  await settled();
  expect(replies[1]!.text).not.toBe(wordsFor('en').distress);
  expect(e2e.anthropic.requests.length).toBeGreaterThan(modelCallsBefore);
  expect(logLines(e2e.logger).slice(logFrom).some((l) => l.code === 'distress_signal')).toBe(false);
});

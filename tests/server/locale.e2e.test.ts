/**
 * The product's own words in the person's language, end to end: the real
 * Bolt app over signed HTTP, the real WebClient against the fake Slack, whose
 * users.info says the person's locale only when asked (include_locale). A
 * de-DE person's nudge, buttons, notices and report headings are German; a
 * ja-JP person's Japanese; a pt-BR person (a language the catalog lacks) gets
 * English. The App Home follows too. The twin workspace is untouched.
 */
import { blockActionsPayload, directMessageEvent, sendCommand, sendEvent, sendInteraction } from '../../devtools/fake-slack/signed-requests';
import { validateMessage } from '../../devtools/block-kit/validate';
import { HOME_ACTIONS } from '../../src/slack/blocks/home-ids';
import { fill, wordsFor, type Locale, type Words } from '../../src/words/catalog';
import { botMessagesIn, settled, startE2E, waitFor, type E2E } from '../support/e2e';
import { seedTwin, twinSnapshot } from '../support/twin';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const shown = (message: { text: string; blocks?: unknown[] }) => `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;

async function startNow(user: string) {
  const response = await sendInteraction(e2e.sender, blockActionsPayload(e2e.sender, { user, actionId: HOME_ACTIONS.startNow, value: '', container: { type: 'view', viewId: `V${user}` } }));
  expect(response.status).toBe(200);
  const { channel } = e2e.slack.state.openIm('T1', user);
  const nudge = await waitFor('the Start now opening in the DM', () => e2e.slack.state.messages({ channel: channel.id, author: 'bot' }).find((m) => !m.thread_ts || m.thread_ts === m.ts));
  return { channel: channel.id, nudge };
}

async function say(user: string, channel: string, text: string, threadTs: string) {
  const message = e2e.slack.state.postMessage({ channel, user, text, thread_ts: threadTs });
  const response = await sendEvent(e2e.sender, directMessageEvent({ user, channel, ts: message.ts, text, threadTs }));
  expect(response.status).toBe(200);
}

async function command(user: string, channel: string, text: string) {
  const before = e2e.slack.state.ephemerals({ user }).length;
  const record = e2e.slack.state.createResponseUrl({ team: 'T1', channel, user });
  const response = await sendCommand(e2e.sender, { command: '/coach-report', text, user, channel, responseUrl: e2e.slack.responseUrl(record) });
  expect(response.status).toBe(200);
  await settled(e2e.bot);
  return e2e.slack.state.ephemerals({ user }).slice(before).map(shown).join('\n');
}

/** One whole session in the person's words: the opening, a notice, a coach turn, the report, /coach-report. */
async function session(user: string, firstName: string, w: Words) {
  const { channel, nudge } = await startNow(user);
  // The opening (the nudge's words, kind "now"), its buttons and hint.
  const opening = shown(nudge);
  expect(opening).toContain(fill(w.nudgeHi, { name: firstName }));
  expect(opening).toContain(w.openingQuestion);
  expect(opening).toContain(w.skipTodayButton);
  expect(opening).toContain(w.wrapUpButton);
  expect(opening).toContain(w.wrapUpConfirmTitle);
  expect(validateMessage({ text: nudge.text, blocks: nudge.blocks ?? [] })).toEqual([]);
  // The stored opening is in the person's language too: it is the session's first coach turn.
  const { rows: turns } = await e2e.database.pool.query<{ text: string }>(
    "select m.text from messages m join sessions s on s.id = m.session_id where s.team_id = 'T1' and s.user_id = $1 and m.role = 'coach'",
    [user],
  );
  expect(turns.map((t) => t.text).join('\n')).toContain(w.openingQuestion);

  // The App Home, published again after Start now: its settings and buttons, weekday names by Intl.
  const home = await waitFor('the App Home', () => e2e.slack.state.view('T1', user));
  const homeShown = JSON.stringify(home.blocks);
  for (const words of [w.homeStartNow, w.homeNudgeTime, w.homePickTime, w.privacyExportButton]) expect(homeShown).toContain(words);
  expect(homeShown).toContain(new Intl.DateTimeFormat(w.intlLocale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 5))));

  // A notice: Wrap up pressed on the opening before anything was said.
  const { rows } = await e2e.database.pool.query<{ id: string }>("select id from sessions where team_id = 'T1' and user_id = $1", [user]);
  const record = e2e.slack.state.createResponseUrl({ team: 'T1', channel, user });
  await sendInteraction(
    e2e.sender,
    blockActionsPayload(e2e.sender, { user, actionId: 'wrap_up', value: rows[0]!.id, container: { type: 'message', channel, messageTs: nudge.ts, responseUrl: e2e.slack.responseUrl(record) } }),
  );
  await waitFor('the nothing-said-yet notice', () => e2e.slack.state.ephemerals({ user }).find((m) => m.text.includes(w.nothingSaidYet)));

  // A coach turn carries the Wrap up button in the person's words.
  await say(user, channel, 'I want to write the evals for our search feature', nudge.ts);
  const reply = await waitFor('the coach’s reply', () => botMessagesIn(e2e.slack, channel, nudge.ts).find((m) => m.ts !== nudge.ts));
  expect(shown(reply)).toContain(`"text":"${w.wrapUpButton}"`);
  expect(shown(reply)).toContain(w.wrapUpConfirmKeepGoing);

  // The report: its section headings and labels.
  await say(user, channel, 'wrap up', nudge.ts);
  const report = await waitFor('the report', () => botMessagesIn(e2e.slack, channel, nudge.ts).find((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
  const reportText = shown(report);
  for (const heading of [`2. ${w.sectionTask}`, `4. ${w.sectionCrux}`, `6. ${w.sectionBeliefs}`, w.evaluationSummary, w.established]) {
    expect({ heading, shown: reportText.includes(JSON.stringify(heading).slice(1, -1)) }).toEqual({ heading, shown: true });
  }
  const transcript = await waitFor('the transcript', () => botMessagesIn(e2e.slack, channel, nudge.ts).find((m) => m.text.includes(w.transcriptOf)));
  expect(shown(transcript)).toContain(w.transcriptTitle);
  await settled(e2e.bot);

  // /coach-report: its answers and the report's headings again.
  expect(await command(user, channel, 'help')).toContain(w.commandWhatICanDo);
  expect(await command(user, channel, '')).toContain(`${w.evaluationSummary}*`);
  return { channel, nudge };
}

describe.each([
  ['de-DE', 'de', 'UDE', 'Hanna'],
  ['ja-JP', 'ja', 'UJA', 'Yuki'],
  ['pt-BR', 'en', 'UPT', 'Joana'],
] as const)('a person whose Slack locale is %s', (slackLocale, catalog: Locale, user, firstName) => {
  test(`gets the ${catalog} words for the opening, buttons, notices, report headings and /coach-report`, async () => {
    e2e.slack.state.addUser({ teamId: 'T1', id: user, firstName, tz: 'Europe/Berlin', locale: slackLocale });
    await seedTwin(e2e.database.pool, [user]);
    const twin = await twinSnapshot(e2e.database.pool);

    await session(user, firstName, wordsFor(catalog));

    // Read from Slack with include_locale, kept on the person's row.
    const { rows } = await e2e.database.pool.query("select locale from users where team_id = 'T1' and user_id = $1", [user]);
    expect(rows).toEqual([{ locale: slackLocale }]);
    if (catalog !== 'en') {
      // No English fixed word slipped through in the person's DM.
      const { channel } = e2e.slack.state.openIm('T1', user);
      const everything = e2e.slack.state.messages({ channel: channel.id, author: 'bot' }).map(shown).join('\n');
      for (const english of [wordsFor('en').openingQuestion, wordsFor('en').wrapUpButton, wordsFor('en').sectionTask, wordsFor('en').skipTodayButton]) {
        expect({ english, shown: everything.includes(`"${english}"`) || everything.includes(english + '*') }).toEqual({ english, shown: false });
      }
    }
    expect(await twinSnapshot(e2e.database.pool)).toEqual(twin);
  });
});

test("a de-DE person's turns ask Claude for German when their own message does not say (the locale reaches the coach)", async () => {
  const user = 'UDE2';
  e2e.slack.state.addUser({ teamId: 'T1', id: user, firstName: 'Jonas', tz: 'Europe/Berlin', locale: 'de-DE' });
  const { channel } = e2e.slack.state.openIm('T1', user);
  const before = e2e.anthropic.requests.length;
  const text = '👋';
  const message = e2e.slack.state.postMessage({ channel: channel.id, user, text });
  expect((await sendEvent(e2e.sender, directMessageEvent({ user, channel: channel.id, ts: message.ts, text }))).status).toBe(200);
  await waitFor('the reply', () => e2e.slack.state.messages({ channel: channel.id, author: 'bot' }).length >= 1);
  const asked = e2e.anthropic.requests.slice(before).map((r) => JSON.stringify(r.body));
  expect(asked.length).toBeGreaterThan(0);
  // The language rule's fallback names the person's catalog language, not English.
  expect(asked.some((body) => /if that is unclear[^"]*in German/.test(body))).toBe(true);
  expect(asked.some((body) => /if that is unclear[^"]*in English/.test(body))).toBe(false);
});

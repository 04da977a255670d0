/**
 * The App Home listeners, called directly with built Bolt arguments and a
 * real WebClient talking to the fake Slack (which refuses any view or message
 * real Slack would refuse). Each change is saved, then the Home republished.
 */
import { WebClient } from '@slack/web-api';
import type { Report } from '../../src/coach/report';
import type { CoachService } from '../../src/coach/service';
import { newSessionState } from '../../src/coach/session';
import { createCoachStore, createNudgeStore, createReportArchive } from '../../src/db/stores';
import { HomeService } from '../../src/home/service';
import { HOME_ACTIONS } from '../../src/slack/blocks/home-ids';
import type { HomeDeps } from '../../src/slack/listeners/actions/home-common';
import { homeDays } from '../../src/slack/listeners/actions/home-days';
import { homeEnroll } from '../../src/slack/listeners/actions/home-enroll';
import { homeOpenReport } from '../../src/slack/listeners/actions/home-open-report';
import { homePause } from '../../src/slack/listeners/actions/home-pause';
import { homeResume } from '../../src/slack/listeners/actions/home-resume';
import { homeSkip } from '../../src/slack/listeners/actions/home-skip';
import { homeStartNow } from '../../src/slack/listeners/actions/home-start-now';
import { homeTime } from '../../src/slack/listeners/actions/home-time';
import { appHomeOpened } from '../../src/slack/listeners/events/app-home-opened';
import { codes, nudgeSessions, startHarness, type Harness } from '../support/nudge-harness';
import { whoOf } from '../../src/slack/middleware/who';
import { twinReportSessionIds, TWIN_NAME, TWIN_TASK, TWIN_TITLE } from '../support/twin';
import { logLines } from '../support/wait';

let h: Harness;
beforeAll(async () => {
  // The fake Slack's own views.open: the view validated, and the trigger_id checked and used up, as Slack does.
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

// Monday 2 February 2026, 08:00 in Berlin.
let now = new Date('2026-02-02T07:00:00Z');
let client: WebClient;
let deps: HomeDeps;

beforeEach(async () => {
  await h.reset();
  now = new Date('2026-02-02T07:00:00Z');
  // A second workspace whose Björn has the same user id: seeded first, paused, skipping today, with reports of his own.
  await h.seedTwin(['UBER', 'UNEIGHBOUR']);
  h.slack.state.addUser({ id: 'UBER', firstName: 'Björn', lastName: 'Tester', tz: 'Europe/Berlin' });
  client = new WebClient(h.slack.botToken, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });
  const archive = createReportArchive(h.database.db);
  deps = {
    service: undefined as unknown as CoachService,
    archive,
    logger: h.logger,
    now: () => now,
    home: new HomeService({ store: createNudgeStore(h.database.db), archive, logger: h.logger, now: () => now }),
  };
});
afterEach(async () => {
  await h.expectTwinUntouched();
  const shown = JSON.stringify([h.slack.state.snapshot().views, h.slack.state.snapshot().modals, h.slack.state.messages({ author: 'bot' })]);
  expect(shown).not.toContain(TWIN_NAME);
  expect(shown).not.toContain(TWIN_TITLE);
  expect(shown).not.toContain(TWIN_TASK);
});

function homeView(): { blocks: Record<string, unknown>[] } {
  const view = h.slack.state.view(h.teamId, 'UBER');
  if (!view) throw new Error('no Home published');
  return { blocks: view.blocks as Record<string, unknown>[] };
}

function homeText(): string {
  return JSON.stringify(homeView().blocks);
}

/**
 * Bolt's arguments for a block action on the Home (or on a message, with
 * `on`), with a trigger_id the fake Slack issued for this click, as Slack
 * puts one in every block_actions payload (or the one given).
 */
function actionArgs(action: Record<string, unknown>, on?: { channel: string; ts: string }, triggerId = h.slack.state.createTrigger(h.teamId, 'UBER').id) {
  const ack = jest.fn(async () => {});
  const body = {
    type: 'block_actions',
    team: { id: h.teamId, domain: 'x' },
    user: { id: 'UBER', team_id: h.teamId },
    trigger_id: triggerId,
    api_app_id: 'A1',
    actions: [action],
    container: on ? { type: 'message', channel_id: on.channel, message_ts: on.ts } : { type: 'view', view_id: 'VHOME' },
    ...(on ? { channel: { id: on.channel }, message: { ts: on.ts } } : { view: { id: 'VHOME', type: 'home' } }),
  };
  // The context as the who middleware leaves it (src/slack/middleware/who.ts).
  return { args: { ack, body, action, client, context: { teamId: h.teamId, who: whoOf(body) }, payload: action } as never, ack };
}

async function openHome(): Promise<void> {
  await appHomeOpened(deps)({ event: { type: 'app_home_opened', user: 'UBER', channel: 'D0', tab: 'home', event_ts: '1' }, context: { teamId: h.teamId, who: { teamId: h.teamId, userId: 'UBER' } }, client } as never);
}

async function person() {
  const { rows } = await h.database.pool.query(
    `select enrolled, tz, first_name, nudge_minute, nudge_days, pause_reason, to_char(paused_until, 'YYYY-MM-DD') as paused_until
       from users where team_id = $1 and user_id = 'UBER'`,
    [h.teamId],
  );
  return rows[0] as Record<string, unknown> | undefined;
}

test('a newcomer sees Start; Start enrols them in their own zone and shows the settings', async () => {
  await openHome();
  expect(homeText()).toContain(`"action_id":"${HOME_ACTIONS.enroll}"`);
  expect(await person()).toBeUndefined();

  const { args, ack } = actionArgs({ type: 'button', action_id: HOME_ACTIONS.enroll, block_id: 'b', action_ts: '1' });
  await homeEnroll(deps)(args);
  expect(ack).toHaveBeenCalled();
  expect(await person()).toMatchObject({ enrolled: true, tz: 'Europe/Berlin', first_name: 'Björn', nudge_minute: 540 });
  const text = homeText();
  expect(text).toContain('*Next nudge:* today at 09:00 (Europe/Berlin)');
  expect(text).toContain('"initial_time":"09:00"');
  expect(text).toContain('"type":"timepicker"');
  expect(text).toContain('"type":"checkboxes"');
  expect(text).toContain('"type":"datepicker"');
  expect(text).toContain(HOME_ACTIONS.startNow);
  expect(homeView().blocks.length).toBeLessThanOrEqual(100);
});

test('time, days, pause until a date and resume: each saved, the Home republished', async () => {
  await deps.home.enroll(h.teamId, 'UBER', { profile: async () => ({ firstName: 'Björn', tz: 'Europe/Berlin', deleted: false }) } as never);

  await homeTime(deps)(actionArgs({ type: 'timepicker', action_id: HOME_ACTIONS.time, selected_time: '07:30' }).args);
  expect((await person())!.nudge_minute).toBe(450);
  expect(homeText()).toContain('"initial_time":"07:30"');
  expect(homeText()).toContain('*Next nudge:* Tue 3 Feb at 07:30');

  await homeDays(deps)(
    actionArgs({ type: 'checkboxes', action_id: HOME_ACTIONS.days, selected_options: [{ value: '3' }, { value: '1' }] }).args,
  );
  expect((await person())!.nudge_days).toEqual([1, 3]);
  expect(homeText()).toContain('*Next nudge:* Wed 4 Feb at 07:30');

  await homePause(deps)(actionArgs({ type: 'datepicker', action_id: HOME_ACTIONS.pauseUntil, selected_date: '2026-01-30' }).args);
  expect(homeText()).toContain('Pick a date after today to pause until.');
  await homePause(deps)(actionArgs({ type: 'datepicker', action_id: HOME_ACTIONS.pauseUntil, selected_date: '2026-02-16' }).args);
  expect(await person()).toMatchObject({ pause_reason: 'person', paused_until: '2026-02-16' });
  expect(homeText()).toContain('*Nudges are paused* until Mon 16 Feb.');
  expect(homeText()).toContain(`"action_id":"${HOME_ACTIONS.resume}"`);

  await homeResume(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.resume }).args);
  expect(await person()).toMatchObject({ pause_reason: null, paused_until: null });
  expect(homeText()).toContain('*Next nudge:* Wed 4 Feb at 07:30');
});

test('Skip today on the nudge itself: the nudge is withdrawn in place and the Home says so', async () => {
  await h.seed([{ id: 'UOTHER', firstName: 'Other', tz: 'Europe/Berlin' }], now);
  await h.database.pool.query(
    "insert into users (team_id, user_id, first_name, tz, tz_checked_at) values ($1, 'UBER', 'Björn', 'Europe/Berlin', $2)",
    [h.teamId, now],
  );
  expect(await h.pass('2026-02-02T08:00:00Z')).toBe('nudged 2, skipped 0');
  const nudge = h.slack.state.messages({ author: 'bot' }).find((m) => h.slack.state.channel(m.channel)?.user === 'UBER')!;
  now = new Date('2026-02-02T08:05:00Z');

  await homeSkip(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.skipToday, value: 'x' }, { channel: nudge.channel, ts: nudge.ts }).args);
  const updated = h.slack.state.message(nudge.channel, nudge.ts)!;
  expect(updated.text).toContain('Skipped today');
  expect(JSON.stringify(updated.blocks)).not.toContain('"type":"actions"');
  expect((await nudgeSessions(h.database)).map((s) => s.user_id)).toEqual(['UOTHER']);
  expect(homeText()).toContain('You’re skipping today.');
  expect(await h.pass('2026-02-02T08:10:00Z')).toBe('nudged 0, skipped 2 (skip today 1, already 1)');
});

test('Start a session now opens today in the DM; a second press points to it', async () => {
  const { args } = actionArgs({ type: 'button', action_id: HOME_ACTIONS.startNow });
  await homeStartNow(deps)(args);
  const [greeting] = h.slack.state.messages({ author: 'bot' });
  expect(greeting!.text).toContain('Hi, Björn! 🌅');
  expect(greeting!.text).toContain('What feels like the most important problem to solve today?');
  expect(await nudgeSessions(h.database)).toEqual([expect.objectContaining({ thread_ts: greeting!.ts, local_date: '2026-02-02' })]);

  await homeStartNow(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.startNow }).args);
  const messages = h.slack.state.messages({ author: 'bot' });
  expect(messages).toHaveLength(2);
  expect(messages[1]).toMatchObject({ thread_ts: greeting!.ts, text: expect.stringContaining('Today’s session is right here') });
  // And the 09:00 pass finds the day taken.
  expect(await h.pass('2026-02-02T08:00:00Z')).toBe('nudged 0, skipped 1 (already 1)');
});

test('the last five reports, each opened in a modal; not a neighbour’s, nor the same user id’s in another workspace', async () => {
  await h.database.pool.query("insert into users (team_id, user_id, first_name, tz, tz_checked_at) values ($1, 'UBER', 'Björn', 'Europe/Berlin', $2)", [
    h.teamId,
    now,
  ]);
  const ids: string[] = [];
  for (let day = 20; day <= 26; day++) ids.push(await reportOn(`2026-01-${day}`, `Day ${day} <b>&`));
  // A neighbour in the same workspace has a report of their own.
  const neighbours = await reportOn('2026-01-27', 'The neighbour’s report', 'UNEIGHBOUR');
  await openHome();
  const text = homeText();
  expect(text).toContain('Your last 5 reports');
  expect(text).toContain('Mon 26 Jan');
  expect(text).not.toContain('Wed 21 Jan');
  expect(text).not.toContain('The neighbour’s report');
  // Titles are the model's words: escaped.
  expect(text).toContain('Day 26 &lt;b&gt;&amp;');
  expect((text.match(new RegExp(HOME_ACTIONS.openReport, 'g')) ?? []).length).toBe(5);

  await homeOpenReport(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.openReport, value: ids[6] }).args);
  const modal = h.slack.state.modal(h.teamId, 'UBER');
  expect(modal?.view).toMatchObject({ type: 'modal', title: { text: 'Report 2026-01-26' } });
  expect(JSON.stringify(modal?.blocks)).toContain('Deep Thoughts: Day 26');
  h.slack.state.closeModal(h.teamId, 'UBER');

  // Ids that are not Björn's in this workspace: the twin's (same user id, other workspace), the neighbour's, none at all.
  const [twins] = await twinReportSessionIds(h.database.pool);
  for (const value of [twins!, neighbours, '00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
    await homeOpenReport(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.openReport, value }).args);
    expect(h.slack.state.modal(h.teamId, 'UBER')).toBeUndefined();
    expect(homeText()).toContain('That report is no longer there.');
  }
  expect(h.slack.calls('views.open')).toHaveLength(1);
  expect(h.slack.state.messages({ author: 'bot' })).toEqual([]);
});

test('when Slack will not open the modal, a DM says how to get the report instead, and only that', async () => {
  await h.database.pool.query("insert into users (team_id, user_id, first_name, tz, tz_checked_at) values ($1, 'UBER', 'Björn', 'Europe/Berlin', $2)", [
    h.teamId,
    now,
  ]);
  const id = await reportOn('2026-01-26', 'Planning the offsite');
  // The same click delivered twice: Slack honours a trigger_id once (exchanged_trigger_id after).
  const trigger = h.slack.state.createTrigger(h.teamId, 'UBER').id;
  await homeOpenReport(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.openReport, value: id }, undefined, trigger).args);
  expect(h.slack.state.modal(h.teamId, 'UBER')).toBeDefined();
  h.slack.state.closeModal(h.teamId, 'UBER');
  await homeOpenReport(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.openReport, value: id }, undefined, trigger).args);
  // And a trigger Slack never issued (a forged payload, or one from another workspace).
  await homeOpenReport(deps)(actionArgs({ type: 'button', action_id: HOME_ACTIONS.openReport, value: id }, undefined, '1700000000.1.forged').args);

  expect(h.slack.calls('views.open').map((c) => c.response?.error ?? 'ok')).toEqual(['ok', 'exchanged_trigger_id', 'invalid_trigger_id']);
  expect(h.slack.state.modal(h.teamId, 'UBER')).toBeUndefined();
  const dms = h.slack.state.messages({ author: 'bot' });
  expect(dms.map((m) => m.text)).toEqual([
    'I couldn’t open that report here. Type `/coach-report 2026-01-26` to see it.',
    'I couldn’t open that report here. Type `/coach-report 2026-01-26` to see it.',
  ]);
  expect(h.slack.state.channel(dms[0]!.channel)).toMatchObject({ kind: 'im', user: 'UBER' });
  // The report itself is not posted in the DM.
  expect(JSON.stringify(dms)).not.toContain('Planning the offsite');
  expect(logLines(h.logger).filter((l) => l.code === 'slack_views_open_failed').map((l) => l.slack_error)).toEqual(['exchanged_trigger_id', 'invalid_trigger_id']);
});

test('failures: a refused publish is logged by code; a failed change says so on the Home', async () => {
  h.slack.failNext('views.publish', 'internal_error');
  await openHome();
  const line = h.logger.lines.map((l) => JSON.parse(l)).find((l) => l.code === 'home_publish_failed');
  expect(line).toMatchObject({ level: 'error', slack_error: 'internal_error', user: 'UBER' });

  const broken: HomeDeps = { ...deps, home: Object.assign(Object.create(deps.home), { resume: async () => Promise.reject(new Error('db down')) }) };
  const { args, ack } = actionArgs({ type: 'button', action_id: HOME_ACTIONS.resume });
  await homeResume(broken)(args);
  expect(ack).toHaveBeenCalled();
  expect(codes(h.logger)).toContain('home_resume_failed');
  expect(homeText()).toContain('That did not go through. Please try again in a minute.');
});

async function reportOn(localDate: string, title: string, userId = 'UBER'): Promise<string> {
  const coach = createCoachStore(h.database.db);
  const session = await coach.openSession({
    teamId: h.teamId,
    userId,
    localDate,
    channelId: 'D-old',
    threadTs: `${localDate.replace(/-/g, '')}.000001`,
    origin: 'person',
    state: { ...newSessionState(), status: 'wrapping' },
  });
  const section = { established: 'Something was established.', missing: [] };
  const report: Report = {
    title,
    significance: section,
    task: { ...section, task: 'Ship it' },
    archetypes: section,
    crux: { ...section, crux: 'Time' },
    cruxSolutions: { tactics: [{ name: 'T', description: 'D', firstStep: 'F', whyItWorks: 'W', obstacles: 'O' }] },
    beliefs: { limiting: [], empowering: [], emerging: [], experiment: 'What if I believed it is easy?' },
    factCheck: { facts: [{ claim: 'C', status: 'known' }] },
    oneMoreThing: { observation: 'Just one more thing.' },
    evaluation: { worked: ['W'], improve: ['I'], score: 8, rationale: 'R' },
    date: localDate,
    startedAt: new Date(`${localDate}T08:00:00Z`),
    endedAt: new Date(`${localDate}T08:30:00Z`),
    turns: 4,
    writtenBy: 'test',
    transcript: [{ speaker: 'coach', name: 'Coach', text: 'Hello' }],
  };
  await coach.saveReport(session.id, session.state.version, { ...session.state, status: 'completed', version: session.state.version + 1 }, report);
  return session.id;
}

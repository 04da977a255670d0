/**
 * `/coach-report` (src/slack/listeners/commands/coach-report.ts), called
 * directly with the arguments Bolt would build: the command payload, `ack`
 * and `respond` as jest.fn, the context as the who middleware leaves it, and
 * a real WebClient with recording stubs. The archive and the service are
 * hand-written fakes of what the command reads.
 */
import type { RespondArguments } from '@slack/bolt';
import type { ReportArchive, ReportSummary } from '../../../../src/coach/archive';
import type { Report } from '../../../../src/coach/report';
import type { CoachService } from '../../../../src/coach/service';
import { newSessionState, type Session, type SessionStatus } from '../../../../src/coach/session';
import { AppError } from '../../../../src/errors';
import { memoryLogger } from '../../../../src/log';
import { renderHelp, renderNoReport, renderOpenSession, renderReportList, renderReportResponse } from '../../../../src/slack/blocks/report-command';
import type { SlackDeps } from '../../../../src/slack/deps';
import { coachReport } from '../../../../src/slack/listeners/commands/coach-report';
import { contextFor, logLines, notUsed, recordingClient, type RecordingClient } from '../../../support/listener-args';
import { aReport } from '../../../support/report-fixture';
import { wordsFor } from '../../../../src/words/catalog';

const EN = wordsFor('en');

type Args = Parameters<ReturnType<typeof coachReport>>[0];
type Found = { sessionId: string; report: Report } | null;

const T1 = 'T1';
const U1 = 'U1';
const C1 = 'C1';
const TODAY = '2026-11-25';
const TODAY_SESSION = '0b6f1a52-8a4e-4d55-9a43-6a2b1f0e9c11';
const PAST_SESSION = '5d1c3f0e-2b7a-4c1e-8f3d-9a6b2c4e1d22';
const COULD_NOT_FETCH = "I couldn't fetch your reports just now. Please try `/coach-report` again in a minute.";

/** The archive's reads the command makes; bySession is the Open button's, not the command's. */
interface FakeArchive {
  latest: jest.Mock<Promise<Found>, [string, string]>;
  onDate: jest.Mock<Promise<Found>, [string, string, string]>;
  recent: jest.Mock<Promise<ReportSummary[]>, [string, string, number]>;
  sessionOn: jest.Mock<Promise<Session | null>, [string, string, string]>;
}

let slack: RecordingClient;
let logger: ReturnType<typeof memoryLogger>;
let archive: FakeArchive;
let todaysSession: jest.Mock<Promise<Session | null>, [string, string]>;
let ack: jest.Mock<Promise<void>, []>;
let respond: jest.Mock<Promise<void>, [string | RespondArguments]>;

beforeEach(() => {
  slack = recordingClient();
  logger = memoryLogger();
  archive = {
    latest: jest.fn(async (_teamId: string, _userId: string): Promise<Found> => null),
    onDate: jest.fn(async (_teamId: string, _userId: string, _date: string): Promise<Found> => null),
    recent: jest.fn(async (_teamId: string, _userId: string, _limit: number): Promise<ReportSummary[]> => []),
    sessionOn: jest.fn(async (_teamId: string, _userId: string, _date: string): Promise<Session | null> => null),
  };
  todaysSession = jest.fn(async (_teamId: string, _userId: string): Promise<Session | null> => null);
  ack = jest.fn(async () => {});
  respond = jest.fn(async (_message: string | RespondArguments) => {});
});

function deps(): SlackDeps {
  const bySession = async (): Promise<Report | null> => {
    throw new Error('bySession is not used by /coach-report');
  };
  return {
    service: { todaysSession } as unknown as CoachService,
    archive: { ...archive, bySession } satisfies ReportArchive,
    logger,
    now: () => new Date(`${TODAY}T08:00:00Z`),
  };
}

function aSession(id: string, localDate: string, status: SessionStatus): Session {
  return {
    id,
    teamId: T1,
    userId: U1,
    localDate,
    channelId: 'D1',
    threadTs: '1764050000.000100',
    origin: 'person',
    state: { ...newSessionState(), status },
    answeredMessageId: null,
    answered: true,
    createdAt: new Date(`${localDate}T08:00:00Z`),
  };
}

/** Runs `/coach-report <text>` as Bolt would hand it over. */
async function command(text: string, options: { responseUrl?: boolean; teamId?: string | undefined } = {}): Promise<void> {
  const teamId = 'teamId' in options ? options.teamId : T1;
  const payload = {
    token: 'verification-token',
    command: '/coach-report',
    text,
    response_url: options.responseUrl === false ? '' : 'https://hooks.slack.com/commands/T1/1/abc',
    trigger_id: '1337.42.abcdef',
    user_id: U1,
    user_name: 'ada',
    channel_id: C1,
    channel_name: 'general',
    api_app_id: 'A1',
    ...(teamId ? { team_id: teamId, team_domain: 'example' } : {}),
  };
  const context = contextFor(payload, teamId);
  const args = { command: payload, body: payload, payload, ack, respond, say: jest.fn(), client: slack.client, context, logger: notUsed('bolt logger'), next: jest.fn() };
  await coachReport(deps())(args as unknown as Args);
}

/** What the person was shown, each as an ephemeral response that leaves the original alone. */
function responses(): unknown[] {
  return respond.mock.calls.map(([message]) => message);
}

function ephemeral(message: object): object {
  return { response_type: 'ephemeral', replace_original: false, ...message };
}

describe('help and what it does not understand', () => {
  test.each(['help', '?', '--help'])('"%s" shows the usage, ephemeral, acked first', async (text) => {
    await command(text);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack.mock.invocationCallOrder[0]).toBeLessThan(respond.mock.invocationCallOrder[0]!);
    expect(responses()).toEqual([ephemeral(renderHelp(EN))]);
    expect(archive.recent).not.toHaveBeenCalled();
    expect(todaysSession).not.toHaveBeenCalled();
  });

  test('an unknown word gets the usage, saying what was not understood', async () => {
    await command('yesterday please');
    expect(responses()).toEqual([ephemeral(renderHelp(EN, 'yesterday please'))]);
    expect(JSON.stringify(responses())).toContain("I didn't understand “yesterday please”");
    expect(slack.calls).toEqual([]);
  });
});

describe('list', () => {
  test("the person's last ten reports, with Open buttons", async () => {
    const summaries: ReportSummary[] = [
      { sessionId: PAST_SESSION, date: '2026-11-24', title: 'Shipping the draft', score: 8 },
      { sessionId: TODAY_SESSION, date: '2026-11-20', title: 'Finding the crux', score: 6 },
    ];
    archive.recent.mockResolvedValue(summaries);
    await command('list');
    expect(archive.recent).toHaveBeenCalledWith(T1, U1, 10);
    expect(responses()).toEqual([ephemeral(renderReportList(summaries, EN))]);
  });

  test('no reports yet says how to get one', async () => {
    await command('ls');
    expect(responses()).toEqual([ephemeral(renderNoReport(EN, 'none'))]);
  });
});

describe('a date', () => {
  test("that day's report, in as many ephemeral messages as it takes", async () => {
    const report = aReport('2026-11-24');
    archive.onDate.mockResolvedValue({ sessionId: PAST_SESSION, report });
    await command('2026-11-24');
    expect(archive.onDate).toHaveBeenCalledWith(T1, U1, '2026-11-24');
    expect(archive.sessionOn).not.toHaveBeenCalled();
    // The last one carries the rating buttons for that session.
    expect(responses()).toEqual(renderReportResponse(report, EN, PAST_SESSION).map(ephemeral));
    expect(responses().length).toBeGreaterThan(1);
  });

  test('a day whose session is still open offers to wrap it up', async () => {
    archive.sessionOn.mockResolvedValue(aSession(TODAY_SESSION, TODAY, 'wrapping'));
    await command(TODAY);
    expect(archive.sessionOn).toHaveBeenCalledWith(T1, U1, TODAY);
    expect(responses()).toEqual([ephemeral(renderOpenSession(TODAY_SESSION, EN))]);
    expect(JSON.stringify(responses())).toContain(TODAY_SESSION);
  });

  test.each([
    ['no session', null],
    ['an abandoned session', aSession(PAST_SESSION, '2026-11-23', 'abandoned')],
  ])('a day with %s has no report', async (_name, session) => {
    archive.sessionOn.mockResolvedValue(session);
    await command('2026-11-23');
    expect(responses()).toEqual([ephemeral(renderNoReport(EN, 'date', '2026-11-23'))]);
  });
});

describe('latest (no argument)', () => {
  test('the latest report', async () => {
    const report = aReport('2026-11-24');
    archive.latest.mockResolvedValue({ sessionId: PAST_SESSION, report });
    await command('');
    expect(todaysSession).toHaveBeenCalledWith(T1, U1);
    expect(archive.latest).toHaveBeenCalledWith(T1, U1);
    expect(responses()).toEqual(renderReportResponse(report, EN, PAST_SESSION).map(ephemeral));
  });

  test("today's open session first, then the latest report", async () => {
    const report = aReport('2026-11-24');
    todaysSession.mockResolvedValue(aSession(TODAY_SESSION, TODAY, 'active'));
    archive.latest.mockResolvedValue({ sessionId: PAST_SESSION, report });
    await command('latest');
    expect(responses()).toEqual([ephemeral(renderOpenSession(TODAY_SESSION, EN)), ...renderReportResponse(report, EN, PAST_SESSION).map(ephemeral)]);
  });

  test("today's open session and no report yet: only the offer to wrap up", async () => {
    todaysSession.mockResolvedValue(aSession(TODAY_SESSION, TODAY, 'active'));
    await command('last');
    expect(responses()).toEqual([ephemeral(renderOpenSession(TODAY_SESSION, EN))]);
  });

  test("today's completed session: its report, with no offer to wrap up", async () => {
    const report = aReport(TODAY);
    todaysSession.mockResolvedValue(aSession(TODAY_SESSION, TODAY, 'completed'));
    archive.latest.mockResolvedValue({ sessionId: TODAY_SESSION, report });
    await command('');
    expect(responses()).toEqual(renderReportResponse(report, EN, TODAY_SESSION).map(ephemeral));
  });

  test('nothing at all says how to get a first report', async () => {
    await command('');
    expect(responses()).toEqual([ephemeral(renderNoReport(EN, 'none'))]);
  });
});

describe('where the answer goes', () => {
  test('without a response_url, chat.postEphemeral to the person in the channel', async () => {
    await command('help', { responseUrl: false });
    expect(respond).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([{ method: 'chat.postEphemeral', args: { channel: C1, user: U1, ...renderHelp(EN) } }]);
  });

  test('a payload without who is acked and answered with nothing', async () => {
    await command('list', { teamId: undefined });
    expect(ack).toHaveBeenCalledTimes(1);
    expect(respond).not.toHaveBeenCalled();
    expect(archive.recent).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([]);
  });
});

describe('failures', () => {
  test.each([
    ['list', 'archive.recent', () => archive.recent.mockRejectedValue(new AppError('db_unavailable', 'recent reports of U1'))],
    ['2026-11-24', 'archive.onDate', () => archive.onDate.mockRejectedValue(new AppError('db_unavailable', 'report of 2026-11-24'))],
    ['2026-11-24', 'archive.sessionOn', () => archive.sessionOn.mockRejectedValue(new AppError('db_unavailable', 'session of 2026-11-24'))],
    ['latest', 'service.todaysSession', () => todaysSession.mockRejectedValue(new AppError('db_unavailable', 'today of U1'))],
    ['latest', 'archive.latest', () => archive.latest.mockRejectedValue(new AppError('db_unavailable', 'latest of U1'))],
  ])('"/coach-report %s" when %s fails says it could not fetch, and logs a code', async (text, _read, fail) => {
    fail();
    await command(text);
    expect(responses()).toEqual([ephemeral({ text: COULD_NOT_FETCH })]);
    const errors = logLines(logger).filter((l) => l.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'coach_report_failed', team: T1, user: U1, error: 'AppError', error_code: 'db_unavailable' })]);
    expect(logger.lines.join('\n')).not.toMatch(/recent reports|report of|session of|today of|latest of/);
  });

  test('a response_url that refuses is logged, and the listener still returns normally', async () => {
    respond.mockRejectedValue(Object.assign(new Error('response_url expired'), { code: 'slack_bolt_respond_error' }));
    await expect(command('help')).resolves.toBeUndefined();
    // The usage, then the could-not-fetch notice: both refused.
    expect(respond).toHaveBeenCalledTimes(2);
    expect(logLines(logger)).toContainEqual(expect.objectContaining({ level: 'error', code: 'coach_report_failed', error_code: 'slack_bolt_respond_error' }));
  });
});

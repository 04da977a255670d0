/**
 * "Open" next to a report in /coach-report list
 * (src/slack/listeners/actions/open-report.ts), called directly with the
 * arguments Bolt would build for a block action: `ack` and `respond` as
 * jest.fn, the context as the who middleware leaves it, and a real WebClient
 * with recording stubs. The archive is a hand-written fake of bySession.
 */
import type { RespondArguments } from '@slack/bolt';
import type { ReportArchive } from '../../../../src/coach/archive';
import type { Report } from '../../../../src/coach/report';
import type { CoachService } from '../../../../src/coach/service';
import { AppError } from '../../../../src/errors';
import { memoryLogger } from '../../../../src/log';
import { ACTIONS } from '../../../../src/slack/blocks/ids';
import { renderNoReport, renderReportResponse } from '../../../../src/slack/blocks/report-command';
import type { SlackDeps } from '../../../../src/slack/deps';
import { openReportButton } from '../../../../src/slack/listeners/actions/open-report';
import { buttonClick, contextFor, logLines, notUsed, recordingClient, type RecordingClient } from '../../../support/listener-args';
import { aReport } from '../../../support/report-fixture';
import { wordsFor } from '../../../../src/words/catalog';

const EN = wordsFor('en');

type Args = Parameters<ReturnType<typeof openReportButton>>[0];

const T1 = 'T1';
const U1 = 'U1';
const C1 = 'C1';
const SESSION = '5d1c3f0e-2b7a-4c1e-8f3d-9a6b2c4e1d22';
const RESPONSE_URL = 'https://hooks.slack.com/actions/T1/2/def';
const COULD_NOT_OPEN = "I couldn't open that report just now. Please try again in a minute.";

let slack: RecordingClient;
let logger: ReturnType<typeof memoryLogger>;
let bySession: jest.Mock<Promise<Report | null>, [string, string, string]>;
let ack: jest.Mock<Promise<void>, []>;
let respond: jest.Mock<Promise<void>, [string | RespondArguments]>;

beforeEach(() => {
  slack = recordingClient();
  logger = memoryLogger();
  bySession = jest.fn(async (_teamId: string, _userId: string, _sessionId: string): Promise<Report | null> => null);
  ack = jest.fn(async () => {});
  respond = jest.fn(async (_message: string | RespondArguments) => {});
});

function deps(): SlackDeps {
  const notTheButtons = async (): Promise<never> => {
    throw new Error('only bySession is used by the Open button');
  };
  const archive: ReportArchive = { bySession, latest: notTheButtons, onDate: notTheButtons, recent: notTheButtons, sessionOn: notTheButtons };
  return { service: notUsed<CoachService>('service'), archive, logger, now: () => new Date('2026-11-25T08:00:00Z') };
}

/** `/coach-report list` was answered ephemerally in C1; the person clicks Open on one line. */
async function click(options: { value?: string; teamId?: string | undefined; responseUrl?: string | undefined } = {}): Promise<void> {
  const teamId = 'teamId' in options ? options.teamId : T1;
  const { body, action } = buttonClick(
    { action_id: ACTIONS.openReport, ...('value' in options ? (options.value === undefined ? {} : { value: options.value }) : { value: SESSION }) },
    { teamId, userId: U1, channelId: C1, messageTs: '1764050000.000700', responseUrl: 'responseUrl' in options ? options.responseUrl : RESPONSE_URL },
  );
  const context = contextFor(body, teamId);
  const args = { ack, respond, body, action, payload: action, say: jest.fn(), client: slack.client, context, logger: notUsed('bolt logger'), next: jest.fn() };
  await openReportButton(deps())(args as unknown as Args);
}

const ephemeral = (message: object) => ({ response_type: 'ephemeral', replace_original: false, ...message });

test("opens one of the clicker's reports, ephemeral, in as many messages as it takes", async () => {
  const report = aReport('2026-11-24');
  bySession.mockResolvedValue(report);
  await click();
  expect(ack).toHaveBeenCalledTimes(1);
  expect(bySession).toHaveBeenCalledWith(T1, U1, SESSION);
  expect(respond.mock.calls.map(([m]) => m)).toEqual(renderReportResponse(report, EN, SESSION).map(ephemeral));
  expect(slack.calls).toEqual([]);
});

test("a session id that is not among the clicker's reports (gone, someone else's, forged) shows that it cannot be found", async () => {
  await click({ value: 'not-a-session' });
  expect(bySession).toHaveBeenCalledWith(T1, U1, 'not-a-session');
  expect(respond.mock.calls).toEqual([[ephemeral(renderNoReport(EN, 'gone'))]]);
});

test('a button without a value asks the archive for the empty id, which finds nothing', async () => {
  await click({ value: undefined });
  expect(bySession).toHaveBeenCalledWith(T1, U1, '');
  expect(respond.mock.calls).toEqual([[ephemeral(renderNoReport(EN, 'gone'))]]);
});

test('without a response_url, chat.postEphemeral to the clicker in the channel', async () => {
  await click({ responseUrl: undefined });
  expect(respond).not.toHaveBeenCalled();
  expect(slack.calls).toEqual([{ method: 'chat.postEphemeral', args: { channel: C1, user: U1, ...renderNoReport(EN, 'gone') } }]);
});

test('a payload without who is acked and nothing else', async () => {
  await click({ teamId: undefined });
  expect(ack).toHaveBeenCalledTimes(1);
  expect(bySession).not.toHaveBeenCalled();
  expect(respond).not.toHaveBeenCalled();
  expect(slack.calls).toEqual([]);
});

test('a failing archive: the clicker is told it could not be opened; the log has a code and no text', async () => {
  bySession.mockRejectedValue(new AppError('db_unavailable', `report ${SESSION} of "Ada"`));
  await click();
  expect(respond.mock.calls).toEqual([[ephemeral({ text: COULD_NOT_OPEN })]]);
  expect(logLines(logger).filter((l) => l.level === 'error')).toEqual([
    expect.objectContaining({ code: 'open_report_failed', team: T1, user: U1, error: 'AppError', error_code: 'db_unavailable' }),
  ]);
  expect(logger.lines.join('\n')).not.toContain('Ada');
});

test('a refused notice after a failure is swallowed: the listener returns normally', async () => {
  bySession.mockRejectedValue(new AppError('db_unavailable'));
  respond.mockRejectedValue(new Error('response_url expired'));
  await expect(click()).resolves.toBeUndefined();
  expect(respond).toHaveBeenCalledTimes(1);
});

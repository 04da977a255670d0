/**
 * The Wrap up button (src/slack/listeners/actions/wrap-up.ts), called
 * directly with the arguments Bolt would build for a block action: `ack` and
 * `respond` as jest.fn, the context as the who middleware leaves it, and a
 * real WebClient with recording stubs. The coach service is a hand-written
 * fake of wrapUp.
 */
import type { RespondArguments } from '@slack/bolt';
import type { ReportArchive } from '../../../../src/coach/archive';
import type { CoachService, WrapUpResult } from '../../../../src/coach/service';
import { AppError } from '../../../../src/errors';
import { memoryLogger } from '../../../../src/log';
import { ACTIONS } from '../../../../src/slack/blocks/ids';
import { renderCoachReply, renderReport } from '../../../../src/slack/blocks/report';
import { wordsFor } from '../../../../src/words/catalog';
import type { SlackDeps } from '../../../../src/slack/deps';
import { wrapUpButton } from '../../../../src/slack/listeners/actions/wrap-up';
import { buttonClick, contextFor, logLines, notUsed, recordingClient, type RecordingClient } from '../../../support/listener-args';
import { aReport } from '../../../support/report-fixture';

const EN = wordsFor('en');

type Args = Parameters<ReturnType<typeof wrapUpButton>>[0];

const T1 = 'T1';
const U1 = 'U1';
const D1 = 'D1';
const THREAD = '1764050000.000100';
const SESSION = '0b6f1a52-8a4e-4d55-9a43-6a2b1f0e9c11';
const RESPONSE_URL = 'https://hooks.slack.com/actions/T1/1/abc';
const where = { sessionId: SESSION, channelId: D1, threadTs: THREAD };

let slack: RecordingClient;
let logger: ReturnType<typeof memoryLogger>;
let wrapUp: jest.Mock<Promise<WrapUpResult>, [string, string, string?]>;
let ack: jest.Mock<Promise<void>, []>;
let respond: jest.Mock<Promise<void>, [string | RespondArguments]>;

beforeEach(() => {
  slack = recordingClient();
  logger = memoryLogger();
  wrapUp = jest.fn(async (_teamId: string, _userId: string, _sessionId?: string): Promise<WrapUpResult> => ({ kind: 'no_session' }));
  ack = jest.fn(async () => {});
  respond = jest.fn(async (_message: string | RespondArguments) => {});
});

function deps(): SlackDeps {
  return {
    service: { wrapUp } as unknown as CoachService,
    archive: notUsed<ReportArchive>('archive'),
    logger,
    now: () => new Date('2026-11-25T08:00:00Z'),
  };
}

/** `userId` clicks Wrap up (value `value`) under a coach message in D1. */
async function click(
  options: { value?: string; userId?: string; teamId?: string | undefined; responseUrl?: string | undefined } = {},
): Promise<void> {
  const teamId = 'teamId' in options ? options.teamId : T1;
  const { body, action } = buttonClick(
    { action_id: ACTIONS.wrapUp, value: 'value' in options ? options.value : SESSION },
    { teamId, userId: options.userId ?? U1, channelId: D1, messageTs: '1764050000.000500', responseUrl: 'responseUrl' in options ? options.responseUrl : RESPONSE_URL },
  );
  const context = contextFor(body, teamId);
  const args = { ack, respond, body, action, payload: action, say: jest.fn(), client: slack.client, context, logger: notUsed('bolt logger'), next: jest.fn() };
  await wrapUpButton(deps())(args as unknown as Args);
}

const told = (text: string) => ({ response_type: 'ephemeral', replace_original: false, text });

describe('the session wraps up', () => {
  test("the clicker's team and id and the button's session go to the service; the report is posted in the session's thread", async () => {
    const report = aReport('2026-11-25');
    wrapUp.mockResolvedValue({ kind: 'handled', sessionId: SESSION, outcomes: [{ kind: 'report', report, ...where }] });
    await click();
    expect(ack).toHaveBeenCalledTimes(1);
    expect(wrapUp).toHaveBeenCalledWith(T1, U1, SESSION);
    expect(slack.posted()).toEqual(renderReport(report, EN, { rateSessionId: SESSION }).map((m) => ({ channel: D1, thread_ts: THREAD, ...m, unfurl_links: false, unfurl_media: false })));
    expect(respond).not.toHaveBeenCalled();
  });

  test('a reply still owed before the report is posted and marked posted; an unreachable model gets its notice', async () => {
    wrapUp.mockResolvedValue({
      kind: 'handled',
      sessionId: SESSION,
      outcomes: [
        { kind: 'reply', text: 'One last question?', messageId: 9, ...where },
        { kind: 'model_unavailable', ...where },
      ],
    });
    await click();
    expect(slack.posted().map((p) => p.text)).toEqual([renderCoachReply('One last question?', { sessionId: SESSION, words: EN }).text, EN.modelUnavailable]);
  });

  test('someone else clicking the button is asked about as themselves; the service decides', async () => {
    await click({ userId: 'U2' });
    expect(wrapUp).toHaveBeenCalledWith(T1, 'U2', SESSION);
    expect(respond.mock.calls).toEqual([[told(EN.wrapUpNothing)]]);
  });

  test("a button without a value asks for today's session", async () => {
    await click({ value: '' });
    expect(wrapUp).toHaveBeenCalledWith(T1, U1, undefined);
  });
});

describe('nothing to wrap up', () => {
  test.each([
    ['no session', { kind: 'no_session' }, EN.wrapUpNothing],
    ['already reported', { kind: 'already_reported', report: aReport('2026-11-25'), where }, EN.alreadyWrapped],
    ['nothing said', { kind: 'nothing_said' }, EN.nothingSaidYet],
  ] as const)('%s: the clicker alone is told, ephemeral', async (_name, result, copy) => {
    wrapUp.mockResolvedValue(result);
    await click();
    expect(respond.mock.calls).toEqual([[told(copy)]]);
    expect(slack.calls).toEqual([]);
  });

  test('without a response_url, chat.postEphemeral to the clicker in the channel', async () => {
    await click({ responseUrl: undefined });
    expect(respond).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([{ method: 'chat.postEphemeral', args: { channel: D1, user: U1, text: EN.wrapUpNothing } }]);
  });
});

describe('what the listener ignores', () => {
  test('a payload without who is acked and nothing else', async () => {
    await click({ teamId: undefined });
    expect(ack).toHaveBeenCalledTimes(1);
    expect(wrapUp).not.toHaveBeenCalled();
    expect(respond).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([]);
  });
});

describe('when the service fails', () => {
  test('the clicker gets the friendly notice; the log has a code and no text', async () => {
    wrapUp.mockRejectedValue(new AppError('report_write_failed', 'could not write "my secret plan"'));
    await click();
    expect(respond.mock.calls).toEqual([[told(EN.somethingBroke)]]);
    expect(EN.somethingBroke).toMatch(/^Something went wrong/);
    expect(logLines(logger).filter((l) => l.level === 'error')).toEqual([
      expect.objectContaining({ code: 'wrap_up_failed', team: T1, user: U1, error: 'AppError', error_code: 'report_write_failed' }),
    ]);
    expect(logger.lines.join('\n')).not.toContain('secret');
    expect(slack.calls).toEqual([]);
  });

  test('a notice Slack refuses as well is swallowed: the listener returns normally', async () => {
    wrapUp.mockRejectedValue(new AppError('report_write_failed'));
    respond.mockRejectedValue(new Error('response_url expired'));
    await expect(click()).resolves.toBeUndefined();
    expect(respond).toHaveBeenCalledTimes(1);
    expect(logLines(logger)).toContainEqual(expect.objectContaining({ code: 'wrap_up_failed' }));
  });
});

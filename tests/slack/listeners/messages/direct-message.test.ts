/**
 * The DM listener (src/slack/listeners/messages/direct-message.ts), called
 * directly with the arguments Bolt would build: the event, the context as the
 * who middleware leaves it, and a real WebClient whose methods are recording
 * stubs. The coach service is a hand-written fake returning each result.
 */
import type { ReportArchive } from '../../../../src/coach/archive';
import type { Session } from '../../../../src/coach/session';
import type { CoachOutcome, CoachService, IncomingMessage, MessageResult, Received } from '../../../../src/coach/service';
import { AppError } from '../../../../src/errors';
import { memoryLogger } from '../../../../src/log';
import { renderCoachReply, renderReport } from '../../../../src/slack/blocks/report';
import { wordsFor } from '../../../../src/words/catalog';
import type { SlackDeps } from '../../../../src/slack/deps';
import { directMessage } from '../../../../src/slack/listeners/messages/direct-message';
import { contextFor, logLines, notUsed, recordingClient, slackPlatformError, type RecordingClient } from '../../../support/listener-args';
import { aReport } from '../../../support/report-fixture';
import { gate, waitFor } from '../../../support/wait';

const EN = wordsFor('en');

type Args = Parameters<ReturnType<typeof directMessage>>[0];

const T1 = 'T1';
const U1 = 'U1';
const D1 = 'D1';
const TS = '1764050000.000100';
const SESSION = '0b6f1a52-8a4e-4d55-9a43-6a2b1f0e9c11';
const where = { sessionId: SESSION, channelId: D1, threadTs: TS };

/** What the fake service was asked and answers. */
interface FakeService {
  receive: jest.Mock<Promise<Received>, [IncomingMessage]>;
  answer: jest.Mock<Promise<MessageResult>, [Received]>;
}

let slack: RecordingClient;
let logger: ReturnType<typeof memoryLogger>;
let service: FakeService;
let thinkingAfterMs = 0;

function answers(result: MessageResult | (() => Promise<MessageResult>)): void {
  service.answer.mockImplementation(typeof result === 'function' ? result : async () => result);
}

beforeEach(() => {
  thinkingAfterMs = 0;
  slack = recordingClient();
  logger = memoryLogger();
  service = {
    // receive stores (nothing to check here but its argument); answer gives what the test set.
    receive: jest.fn(async (_message: IncomingMessage): Promise<Received> => ({ kind: 'stored', session: { id: SESSION } as Session, duplicate: false })),
    answer: jest.fn(async (_received: Received): Promise<MessageResult> => ({ kind: 'handled', sessionId: SESSION, outcomes: [] })),
  };
});

function deps(): SlackDeps {
  return {
    // The listener calls receive and answer; nothing else.
    service: service as unknown as CoachService,
    archive: notUsed<ReportArchive>('archive'),
    logger,
    now: () => new Date('2026-11-25T08:00:00Z'),
    // The 💭 at once (the fake service answers instantly); its delay has a test of its own below.
    thinkingAfterMs,
  };
}

function imEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', channel: D1, channel_type: 'im', user: U1, text: 'I want to ship the draft today', ts: TS, event_ts: TS, team: T1, ...overrides };
}

/** Delivers `event` as Bolt would: in an event_callback envelope, with `who` on the context. */
async function deliver(event: Record<string, unknown>, options: { retryNum?: number; teamId?: string | undefined; receipt?: unknown } = {}): Promise<void> {
  const teamId = 'teamId' in options ? options.teamId : T1;
  const body = { type: 'event_callback', api_app_id: 'A1', event_id: 'Ev1', event_time: 1764050000, event, ...(teamId ? { team_id: teamId } : {}) };
  const context = contextFor(body, teamId, {
    ...(options.retryNum ? { retryNum: options.retryNum, retryReason: 'http_timeout' } : {}),
    ...(options.receipt ? { receipt: options.receipt } : {}),
  });
  const args = { event, body, payload: event, message: event, context, client: slack.client, logger: notUsed('bolt logger'), next: jest.fn(), say: jest.fn() };
  await directMessage(deps())(args as unknown as Args);
}

describe('a DM the coach answers', () => {
  test('the service gets the person, the channel and the decoded text; the reply is posted in the thread and marked posted', async () => {
    const reply: CoachOutcome = { kind: 'reply', text: 'What makes it matter today?', messageId: 42, ...where };
    answers({ kind: 'handled', sessionId: SESSION, outcomes: [reply] });

    await deliver(imEvent({ text: 'ship &lt;the draft&gt; &amp; rest' }));

    expect(service.receive).toHaveBeenCalledTimes(1);
    expect(service.receive).toHaveBeenCalledWith({ teamId: T1, userId: U1, channelId: D1, ts: TS, threadTs: undefined, text: 'ship <the draft> & rest' });
    expect(slack.posted()).toEqual([{ channel: D1, thread_ts: TS, ...renderCoachReply(reply.text, { sessionId: SESSION, words: EN }), unfurl_links: false, unfurl_media: false }]);
    // 💭 on the person's message while the coach thinks, off again before the reply goes out.
    expect(slack.calls.map((c) => c.method)).toEqual(['reactions.add', 'reactions.remove', 'chat.postMessage']);
    expect(slack.reactionsAdd).toHaveBeenCalledWith({ channel: D1, timestamp: TS, name: 'thought_balloon' });
    expect(slack.reactionsRemove).toHaveBeenCalledWith({ channel: D1, timestamp: TS, name: 'thought_balloon' });
    expect(logLines(logger).filter((l) => l.level === 'error')).toEqual([]);
  });

  test('a reply that comes before the 💭 delay gets no reaction: no Slack call but the reply', async () => {
    thinkingAfterMs = 60_000;
    const reply: CoachOutcome = { kind: 'reply', text: 'What makes it matter today?', messageId: 42, ...where };
    answers({ kind: 'handled', sessionId: SESSION, outcomes: [reply] });
    await deliver(imEvent());
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
  });

  test('a coach still thinking after the delay shows the 💭, and takes it off before the reply goes out', async () => {
    thinkingAfterMs = 20;
    const thinking = gate();
    const reply: CoachOutcome = { kind: 'reply', text: 'What makes it matter today?', messageId: 42, ...where };
    answers(async () => (await thinking.promise, { kind: 'handled', sessionId: SESSION, outcomes: [reply] }));
    const delivered = deliver(imEvent());
    await waitFor('the 💭', () => slack.reactionsAdd.mock.calls.length > 0);
    expect(slack.calls.map((c) => c.method)).toEqual(['reactions.add']);
    thinking.open();
    await delivered;
    expect(slack.calls.map((c) => c.method)).toEqual(['reactions.add', 'reactions.remove', 'chat.postMessage']);
    expect(slack.reactionsRemove).toHaveBeenCalledWith({ channel: D1, timestamp: TS, name: 'thought_balloon' });
  });

  test('a reply in a thread passes the thread on to the service', async () => {
    await deliver(imEvent({ ts: '1764050000.000200', thread_ts: TS }));
    expect(service.receive).toHaveBeenCalledWith(expect.objectContaining({ ts: '1764050000.000200', threadTs: TS }));
  });

  test('a report is posted in the thread; an unreachable model gets its notice', async () => {
    const report = aReport('2026-11-25');
    answers({ kind: 'handled', sessionId: SESSION, outcomes: [{ kind: 'report', report, ...where }, { kind: 'model_unavailable', ...where }] });
    await deliver(imEvent({ text: 'wrap up' }));
    const posted = slack.posted();
    expect(posted.map((p) => p.text)).toEqual([...renderReport(report, EN).map((m) => m.text), EN.modelUnavailable]);
    expect(posted.every((p) => p.channel === D1 && p.thread_ts === TS)).toBe(true);
  });

  test('a file shared with a caption is coached like any message', async () => {
    await deliver(imEvent({ subtype: 'file_share', text: 'here is my plan', files: [{ id: 'F1' }] }));
    expect(service.receive).toHaveBeenCalledWith(expect.objectContaining({ text: 'here is my plan' }));
  });

  test('a re-delivery that finds its twin unfinished delivers what is pending, with no 💭', async () => {
    const reply: CoachOutcome = { kind: 'reply', text: 'Go on.', messageId: 7, ...where };
    answers({ kind: 'duplicate', sessionId: SESSION, outcomes: [reply] });
    await deliver(imEvent(), { retryNum: 1 });
    expect(slack.calls.map((c) => c.method)).toEqual(['chat.postMessage']);
    expect(logLines(logger)).toContainEqual(expect.objectContaining({ level: 'info', code: 'message_duplicate', team: T1, retry: 1, resumed: 1 }));
  });

  test('a Slack refusal of the reply is logged by its code, not thrown, and the reply is not marked posted', async () => {
    answers({ kind: 'handled', sessionId: SESSION, outcomes: [{ kind: 'reply', text: 'What matters?', messageId: 42, ...where }] });
    slack.postMessage.mockRejectedValueOnce(slackPlatformError('channel_not_found'));
    await deliver(imEvent());
    expect(logLines(logger)).toContainEqual(expect.objectContaining({ level: 'error', code: 'slack_post_failed', channel: D1, slack_error: 'channel_not_found' }));
    expect(logger.lines.join('\n')).not.toContain('What matters?');
  });
});

describe('a closed session or nothing to wrap up', () => {
  test.each([
    ['completed', EN.sessionClosed],
    ['abandoned', EN.abandonedSession],
  ] as const)('a message in a session that is %s is told so in its thread', async (status, copy) => {
    answers({ kind: 'session_closed', channelId: D1, threadTs: TS, status });
    await deliver(imEvent({ ts: '1764050000.000300', thread_ts: TS }));
    expect(slack.posted()).toEqual([expect.objectContaining({ channel: D1, thread_ts: TS, text: copy })]);
  });

  test('a message outside any thread is answered under itself', async () => {
    answers({ kind: 'session_closed', channelId: D1, threadTs: TS, status: 'completed' });
    await deliver(imEvent({ ts: '1764050000.000300' }));
    expect(slack.posted()).toEqual([expect.objectContaining({ thread_ts: '1764050000.000300', text: EN.sessionClosed })]);
  });

  test('"wrap up" before anything was said gets nothingSaidYet in the session thread', async () => {
    answers({ kind: 'nothing_to_wrap', channelId: D1, threadTs: TS });
    await deliver(imEvent({ ts: '1764050000.000300', text: 'wrap up' }));
    expect(slack.posted()).toEqual([expect.objectContaining({ channel: D1, thread_ts: TS, text: EN.nothingSaidYet })]);
  });

  test.each([
    ['a closed session', { kind: 'session_closed', channelId: D1, threadTs: TS, status: 'completed' }],
    ['nothing to wrap', { kind: 'nothing_to_wrap', channelId: D1, threadTs: TS }],
  ] as const)('a retry delivery of %s gets no second notice', async (_name, result) => {
    answers(result);
    await deliver(imEvent(), { retryNum: 2 });
    expect(service.receive).toHaveBeenCalledTimes(1);
    expect(slack.calls).toEqual([]);
  });
});

describe('a message with no words', () => {
  test('a file-only DM gets the noTextToCoach notice in its thread, and the service is not called', async () => {
    await deliver(imEvent({ subtype: 'file_share', text: '', files: [{ id: 'F1', name: 'plan.png' }] }));
    expect(slack.posted()).toEqual([expect.objectContaining({ channel: D1, thread_ts: TS, text: EN.noTextToCoach })]);
    expect(service.receive).not.toHaveBeenCalled();
  });

  test('a re-delivered file-only DM gets no second notice', async () => {
    await deliver(imEvent({ subtype: 'file_share', text: '', files: [{ id: 'F1' }] }), { retryNum: 1 });
    expect(slack.calls).toEqual([]);
    expect(service.receive).not.toHaveBeenCalled();
  });

  test('a blank message without files is not a turn and gets nothing', async () => {
    await deliver(imEvent({ text: '  \n ' }));
    expect(slack.calls).toEqual([]);
    expect(service.receive).not.toHaveBeenCalled();
  });
});

describe('what the listener ignores', () => {
  test.each([
    ['a bot message', imEvent({ bot_id: 'B9', subtype: 'bot_message', user: undefined })],
    ['a bot message that carries a user', imEvent({ bot_id: 'B9' })],
    ['its own message', imEvent({ user: 'UBOT' })],
    ['a message in a channel', imEvent({ channel: 'C1', channel_type: 'channel' })],
    ['a message in a group DM', imEvent({ channel: 'G1', channel_type: 'mpim' })],
    ['an edit', imEvent({ subtype: 'message_changed', user: undefined, message: { user: U1, text: 'edited' } })],
    ['an edit that names the user', imEvent({ subtype: 'message_changed', message: { user: U1, text: 'edited' } })],
    ['a deletion', imEvent({ subtype: 'message_deleted', user: undefined, previous_message: { user: U1, text: 'gone' } })],
    ['a join notice', imEvent({ subtype: 'channel_join' })],
    ['a message without a user', imEvent({ user: undefined })],
  ])('%s', async (_name, event) => {
    await deliver(event);
    expect(service.receive).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([]);
  });

  test('a payload without who (no team anywhere)', async () => {
    await deliver(imEvent({ team: undefined }), { teamId: undefined });
    expect(service.receive).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([]);
  });
});

describe('when the service fails', () => {
  test('answering fails after the message is stored: the person hears it is saved and will be answered; the log has a code and no text', async () => {
    const words = 'my secret plan for the quarterly review';
    answers(async () => {
      throw new AppError('session_vanished', `could not answer "${words}"`);
    });
    await deliver(imEvent({ text: words }));

    expect(slack.posted()).toEqual([expect.objectContaining({ channel: D1, thread_ts: TS, text: EN.answerDelayed })]);
    expect(EN.answerDelayed).toMatch(/saved/);
    const errors = logLines(logger).filter((l) => l.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'message_failed', team: T1, user: U1, error: 'AppError', error_code: 'session_vanished' })]);
    expect(logger.lines.join('\n')).not.toContain(words);
    expect(logger.lines.join('\n')).not.toContain('secret');
    // The 💭 does not stay behind.
    expect(slack.reactionsRemove).toHaveBeenCalledWith({ channel: D1, timestamp: TS, name: 'thought_balloon' });
  });

  test('a plain Error is logged by its class', async () => {
    answers(async () => {
      throw new TypeError('cannot read "I want to ship"');
    });
    await deliver(imEvent({ text: 'I want to ship' }));
    expect(logLines(logger)).toContainEqual(expect.objectContaining({ level: 'error', code: 'message_failed', error: 'TypeError' }));
    expect(logger.lines.join('\n')).not.toContain('I want to ship');
    expect(slack.posted().map((p) => p.text)).toEqual([EN.answerDelayed]);
  });

  test('a message that cannot be stored, with no gate to refuse it, asks the person to send it again; nothing is answered', async () => {
    service.receive.mockImplementation(async () => {
      throw new AppError('db_down');
    });
    await deliver(imEvent(), { retryNum: 1 });
    expect(service.answer).not.toHaveBeenCalled();
    expect(slack.calls.map((c) => [c.method, c.args.text])).toEqual([['chat.postMessage', EN.somethingBroke]]);
    expect(logLines(logger)).toContainEqual(expect.objectContaining({ level: 'error', code: 'message_not_stored', held: false, error_code: 'db_down' }));
  });

  test('a message that cannot be stored behind the gate is refused (Slack sends it again) and the person is told nothing yet', async () => {
    service.receive.mockImplementation(async () => {
      throw new AppError('db_down');
    });
    const refused: unknown[] = [];
    const receipt = { held: true, received: jest.fn(), refused: (error: unknown) => refused.push(error) };
    await deliver(imEvent(), { receipt });
    expect(refused).toEqual([expect.objectContaining({ code: 'db_down' })]);
    expect(receipt.received).not.toHaveBeenCalled();
    expect(slack.calls).toEqual([]);
  });

  test('a stored message is received before the coach starts thinking', async () => {
    const order: string[] = [];
    service.receive.mockImplementation(async () => (order.push('stored'), { kind: 'stored', session: { id: SESSION } as Session, duplicate: false }));
    answers(async () => (order.push('answered'), { kind: 'handled', sessionId: SESSION, outcomes: [] }));
    const receipt = { held: true, received: () => order.push('received'), refused: jest.fn() };
    await deliver(imEvent(), { receipt });
    expect(order).toEqual(['stored', 'received', 'answered']);
    expect(receipt.refused).not.toHaveBeenCalled();
  });
});

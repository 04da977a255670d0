/**
 * What the direct listener tests (tests/slack/listeners) hand a listener in
 * place of Bolt: a real WebClient whose methods are replaced by stubs that
 * record their calls, the context as src/slack/middleware/who.ts leaves it,
 * and the log lines of a memoryLogger, parsed.
 */
import {
  WebClient,
  type ChatPostEphemeralArguments,
  type ChatPostMessageArguments,
  type ReactionsAddArguments,
  type ReactionsRemoveArguments,
} from '@slack/web-api';
import type { Context } from '@slack/bolt';
import type { Logger } from '../../src/log';
import { whoOf } from '../../src/slack/middleware/who';

export interface RecordingClient {
  client: WebClient;
  /** Every stubbed call, in order. */
  calls: { method: string; args: Record<string, unknown> }[];
  postMessage: jest.Mock<Promise<{ ok: true; channel: string; ts: string }>, [ChatPostMessageArguments]>;
  postEphemeral: jest.Mock<Promise<{ ok: true; message_ts: string }>, [ChatPostEphemeralArguments]>;
  reactionsAdd: jest.Mock<Promise<{ ok: true }>, [ReactionsAddArguments]>;
  reactionsRemove: jest.Mock<Promise<{ ok: true }>, [ReactionsRemoveArguments]>;
  /** The chat.postMessage arguments, in order. */
  posted(): Record<string, unknown>[];
}

/**
 * A real WebClient with chat.postMessage, chat.postEphemeral and
 * reactions.add/remove replaced by recording stubs. It points at a closed
 * loopback port without retries, so a call to any other method fails at once
 * rather than reaching Slack.
 */
export function recordingClient(): RecordingClient {
  const client = new WebClient('xoxb-not-a-token', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
  const calls: RecordingClient['calls'] = [];
  let counter = 0;
  const nextTs = () => `1764060000.${String((counter += 1)).padStart(6, '0')}`;
  const record = (method: string, args: object) => calls.push({ method, args: { ...args } });

  const postMessage = jest.fn(async (args: ChatPostMessageArguments) => {
    record('chat.postMessage', args);
    return { ok: true as const, channel: args.channel, ts: nextTs() };
  });
  const postEphemeral = jest.fn(async (args: ChatPostEphemeralArguments) => {
    record('chat.postEphemeral', args);
    return { ok: true as const, message_ts: nextTs() };
  });
  const reactionsAdd = jest.fn(async (args: ReactionsAddArguments) => {
    record('reactions.add', args);
    return { ok: true as const };
  });
  const reactionsRemove = jest.fn(async (args: ReactionsRemoveArguments) => {
    record('reactions.remove', args);
    return { ok: true as const };
  });
  client.chat.postMessage = postMessage;
  client.chat.postEphemeral = postEphemeral;
  client.reactions.add = reactionsAdd;
  client.reactions.remove = reactionsRemove;

  return {
    client,
    calls,
    postMessage,
    postEphemeral,
    reactionsAdd,
    reactionsRemove,
    posted: () => calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args),
  };
}

/** An error as WebClient throws it when Slack answers ok: false. */
export function slackPlatformError(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error },
  });
}

/**
 * Bolt's context for a payload, with `who` as the global middleware puts it
 * there (read from the body, falling back to the authorised team).
 */
export function contextFor(body: unknown, teamId: string | undefined, extra: Partial<Context> = {}): Context {
  const context: Context = { botUserId: 'UBOT', botId: 'BBOT', isEnterpriseInstall: false, ...extra };
  if (teamId) context.teamId = teamId;
  const who = whoOf(body, teamId);
  if (who) context.who = who;
  return context;
}

/** A port the listener under test must not touch: any use of it fails the test. */
export function notUsed<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => {
      // Not a thenable: awaiting or resolving the object itself is fine.
      if (property === 'then') return undefined;
      throw new Error(`${name}.${String(property)} was used`);
    },
  });
}

/** The parsed lines of a memoryLogger. */
export function logLines(logger: Logger & { lines: string[] }): Record<string, unknown>[] {
  return logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * A block_actions payload for a button clicked on a bot message in a DM:
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 */
export function buttonClick(
  action: { action_id: string; value?: string },
  where: { teamId?: string | undefined; userId: string; channelId: string; messageTs: string; responseUrl?: string | undefined },
) {
  const button = { type: 'button', block_id: 'b1', action_ts: '1764060000.000001', text: { type: 'plain_text', text: 'Button' }, ...action };
  const body = {
    type: 'block_actions',
    api_app_id: 'A1',
    token: 'verification-token',
    trigger_id: '1337.42.abcdef',
    team: where.teamId ? { id: where.teamId, domain: 'example' } : null,
    user: { id: where.userId, username: 'ada', ...(where.teamId ? { team_id: where.teamId } : {}) },
    container: { type: 'message', channel_id: where.channelId, message_ts: where.messageTs, is_ephemeral: false },
    channel: { id: where.channelId, name: 'directmessage' },
    message: { type: 'message', ts: where.messageTs, text: 'a bot message' },
    ...(where.responseUrl ? { response_url: where.responseUrl } : {}),
    actions: [button],
  };
  return { body, action: button };
}

import { createHmac, randomUUID } from 'node:crypto';

/**
 * The events side of a Slack stand-in: requests shaped and signed as Slack
 * sends them (https://docs.slack.dev/authentication/verifying-requests-from-slack),
 * posted to the bot's real /slack/events. Used by the local emulator and by the
 * end-to-end tests, so the bot cannot tell either from Slack.
 */

export interface SlackSender {
  /** The bot's request URL, e.g. http://127.0.0.1:3000/slack/events */
  url: string;
  signingSecret: string;
  teamId: string;
  apiAppId?: string;
}

export interface SendOptions {
  /** Seconds since the epoch to sign with (tests use an old one to check rejection). */
  timestamp?: number;
  /** Sign with this secret instead (tests use a wrong one). */
  secret?: string | null;
  /** X-Slack-Retry-Num, as Slack sends on a re-delivery. */
  retryNum?: number;
}

export interface SentResponse {
  status: number;
  body: string;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function sendSigned(sender: SlackSender, body: string, contentType: string, options: SendOptions = {}): Promise<SentResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (options.secret !== null) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = signature(options.secret ?? sender.signingSecret, timestamp, body);
  }
  if (options.retryNum) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(sender.url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text() };
}

/** An Events API `event_callback` envelope around `event`. */
export function eventEnvelope(sender: SlackSender, event: Record<string, unknown>, eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`) {
  return {
    token: 'deprecated-verification-token',
    team_id: sender.teamId,
    api_app_id: sender.apiAppId ?? 'A0DEEPTHOUGHTS',
    event: { ...event, event_ts: event.event_ts ?? event.ts ?? `${Date.now() / 1000}` },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: sender.teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

export function sendEvent(sender: SlackSender, event: Record<string, unknown>, options: SendOptions & { eventId?: string } = {}) {
  return sendSigned(sender, JSON.stringify(eventEnvelope(sender, event, options.eventId)), 'application/json', options);
}

export interface DirectMessage {
  user: string;
  channel: string;
  ts: string;
  text: string;
  threadTs?: string;
  subtype?: string;
  botId?: string;
  extra?: Record<string, unknown>;
}

/** A `message.im` event as Slack sends it for a person's DM to the bot. */
export function directMessageEvent(message: DirectMessage): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: 'im',
    channel: message.channel,
    user: message.user,
    text: message.text,
    ts: message.ts,
    ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    ...(message.subtype ? { subtype: message.subtype } : {}),
    ...(message.botId ? { bot_id: message.botId } : {}),
    ...message.extra,
  };
}

export interface SlashCommand {
  command: string;
  text: string;
  user: string;
  channel: string;
  responseUrl: string;
  triggerId?: string;
}

/** A slash command, form-encoded as Slack posts it. */
export function sendCommand(sender: SlackSender, command: SlashCommand, options: SendOptions = {}) {
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: sender.teamId,
    team_domain: 'local',
    channel_id: command.channel,
    channel_name: 'directmessage',
    user_id: command.user,
    user_name: command.user.toLowerCase(),
    command: command.command,
    text: command.text,
    api_app_id: sender.apiAppId ?? 'A0DEEPTHOUGHTS',
    response_url: command.responseUrl,
    trigger_id: command.triggerId ?? `${Date.now()}.local`,
  });
  return sendSigned(sender, form.toString(), 'application/x-www-form-urlencoded', options);
}

/** An interactivity payload (block_actions, view_submission…), form-encoded with a `payload` field. */
export function sendInteraction(sender: SlackSender, payload: Record<string, unknown>, options: SendOptions = {}) {
  const body = new URLSearchParams({ payload: JSON.stringify({ team: { id: sender.teamId, domain: 'local' }, api_app_id: sender.apiAppId ?? 'A0DEEPTHOUGHTS', token: 'deprecated-verification-token', ...payload }) });
  return sendSigned(sender, body.toString(), 'application/x-www-form-urlencoded', options);
}

export interface ButtonClick {
  user: string;
  actionId: string;
  value: string;
  /** Where the button was: a message in a channel (with a response_url), or the App Home. */
  container: { type: 'message'; channel: string; messageTs: string; responseUrl: string; isEphemeral?: boolean } | { type: 'view'; viewId: string };
  triggerId?: string;
  blockId?: string;
  /**
   * The action as Slack sends it, for elements other than a button (see
   * `elementAction`: a timepicker's `selected_time`, checkboxes'
   * `selected_options`…). Defaults to a button's, from `actionId`/`value`.
   */
  action?: Record<string, unknown>;
  /** Message containers: the message as Slack includes it (ts, text, blocks…). */
  message?: Record<string, unknown>;
  /** View containers: the view as Slack includes it (id, hash, blocks, state…). */
  view?: Record<string, unknown>;
  /** `state.values` of the surface's stateful elements, keyed by block_id then action_id. */
  stateValues?: Record<string, Record<string, unknown>>;
}

/** What a person did to one interactive element, for `elementAction`. */
export type ElementChange =
  | { type: 'button'; value: string; text?: unknown; style?: string }
  | { type: 'timepicker'; selectedTime: string | null; initialTime?: string }
  | { type: 'datepicker'; selectedDate: string | null; initialDate?: string }
  | { type: 'checkboxes'; selectedOptions: unknown[] }
  | { type: 'radio_buttons' | 'static_select' | 'overflow'; selectedOption: unknown }
  | { type: 'plain_text_input'; value: string };

/** A `block_actions` action object as Slack shapes it for each element type. */
export function elementAction(actionId: string, blockId: string, change: ElementChange): Record<string, unknown> {
  const base = { type: change.type, action_id: actionId, block_id: blockId, action_ts: `${Date.now() / 1000}` };
  switch (change.type) {
    case 'button':
      return { ...base, value: change.value, ...(change.text ? { text: change.text } : {}), ...(change.style ? { style: change.style } : {}) };
    case 'timepicker':
      return { ...base, selected_time: change.selectedTime, ...(change.initialTime ? { initial_time: change.initialTime } : {}) };
    case 'datepicker':
      return { ...base, selected_date: change.selectedDate, ...(change.initialDate ? { initial_date: change.initialDate } : {}) };
    case 'checkboxes':
      return { ...base, selected_options: change.selectedOptions };
    case 'plain_text_input':
      return { ...base, value: change.value };
    default:
      return { ...base, selected_option: change.selectedOption };
  }
}

export function blockActionsPayload(sender: SlackSender, click: ButtonClick): Record<string, unknown> {
  const action = click.action ?? { type: 'button', action_id: click.actionId, block_id: click.blockId ?? 'b', value: click.value, action_ts: `${Date.now() / 1000}` };
  const base = {
    type: 'block_actions',
    user: { id: click.user, username: click.user.toLowerCase(), team_id: sender.teamId },
    trigger_id: click.triggerId ?? `${Date.now()}.local`,
    actions: [action],
    ...(click.stateValues && click.container.type === 'message' ? { state: { values: click.stateValues } } : {}),
  };
  if (click.container.type === 'message') {
    const ephemeral = click.container.isEphemeral === true;
    return {
      ...base,
      container: { type: 'message', message_ts: click.container.messageTs, channel_id: click.container.channel, is_ephemeral: ephemeral },
      channel: { id: click.container.channel, name: 'directmessage' },
      // Slack leaves the message out of an ephemeral message's payload.
      ...(ephemeral ? {} : { message: click.message ?? { ts: click.container.messageTs, type: 'message' } }),
      response_url: click.container.responseUrl,
    };
  }
  const view = click.view ?? { id: click.container.viewId, type: 'home' };
  return {
    ...base,
    container: { type: 'view', view_id: click.container.viewId },
    view: click.stateValues ? { ...view, state: { values: click.stateValues } } : view,
  };
}

/**
 * The local Slack emulator: one HTTP server on PORT that serves
 *
 * - the page (devtools/emulator/page: plain HTML, CSS and browser JavaScript),
 * - the fake Slack Web API (devtools/fake-slack) at /api/ and its response
 *   URLs at /response/, which the bot's real WebClient talks to,
 * - the page's own endpoints under /emulator/: a Server-Sent Events stream
 *   of the workspace as the page shows it, and what the person does (a
 *   message, a slash command, a click, a changed timepicker, opening the App
 *   Home, closing a modal, "send me the morning nudge now"),
 * - GET /healthz and GET /metrics, answered by the bot's own.
 *
 * What the person does becomes the request Slack would send, signed with the
 * bot's signing secret and posted to the bot's real /slack/events
 * (devtools/fake-slack/signed-requests.ts): the bot cannot tell this page from Slack.
 * Each click and command carries a trigger_id the state issued, which the
 * bot can exchange once for a modal (views.open); the page shows the open
 * modal over everything else.
 * Block Kit is rendered to HTML here, on the server (devtools/emulator/render), so
 * the page only places HTML that has already been escaped.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { errorFields, type Logger } from '../../src/log';
import { actionIdOf, blockIdOf, blocksToHtml, EMOJI, messageToHtml, textObjectToHtml } from './render';
import {
  blockActionsPayload,
  directMessageEvent,
  elementAction,
  sendCommand,
  sendEvent,
  sendInteraction,
  type ElementChange,
  type SentResponse,
  type SlackSender,
} from '../fake-slack/signed-requests';
import { publicMessage, publicView, RESPONSE_URL_PATH, SlackApiError, type SlackState, type SlackWebApi } from '../fake-slack';

/** Where the bot listens, once it has started. */
export interface BotEndpoint {
  /** e.g. http://127.0.0.1:41234/slack/events */
  eventsUrl: string;
  /** e.g. http://127.0.0.1:41234/healthz */
  healthUrl: string;
  /** e.g. http://127.0.0.1:41234/metrics */
  metricsUrl?: string;
  signingSecret: string;
}

export interface NudgeOutcome {
  ok: boolean;
  /** One sentence for the page, e.g. "Nudged: see the new morning thread." */
  message: string;
}

export interface LocalPart {
  label: string;
  value: string;
}

export interface EmulatorOptions {
  /** PORT; 0 picks a free one (tests). */
  port: number;
  /** Loopback by default: the page speaks as the local person, so it is not offered to the network. */
  hosts?: string[];
  state: SlackState;
  api: SlackWebApi;
  /** The local person, whose DM with the bot the page shows. */
  person: { teamId: string; userId: string };
  /** Slash commands the app declares (manifest.yml); others get Slack's "not a valid command". */
  commands: string[];
  /** What runs locally, for the sidebar. */
  localParts?: LocalPart[];
  /** Local mode's clock, which "Send me the morning nudge now" may move forward; the page shows how far. */
  now?: () => Date;
  logger: Logger;
}

export interface RunningEmulator {
  /** The page, e.g. http://localhost:3000 */
  url: string;
  /** The Web API base URL for the bot's WebClient, e.g. http://127.0.0.1:3000/api/ */
  apiUrl: string;
  port: number;
  /** Called once the bot listens: from then on the page's actions reach it. */
  connectBot(bot: BotEndpoint): void;
  /** The "Send me the morning nudge now" control's work (the real nudge path, wired by start-local.ts). */
  setNudge(nudge: () => Promise<NudgeOutcome>): void;
  setLocalParts(parts: LocalPart[]): void;
  /** A line shown at the top of the page (e.g. a failed start). */
  notify(text: string, level?: 'info' | 'error'): void;
  close(): Promise<void>;
}

const PAGE_DIR = path.join(__dirname, 'page');
const PAGE_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/styles.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * Defence in depth: the renderer escapes everything, and even if it ever
 * failed, the page would still run no inline script and load nothing from
 * elsewhere but images.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: http: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/i;

/** Largest body the page may send (a long message is 40,000 characters). */
const MAX_PAGE_BODY = 1_000_000;

interface Notice {
  id: string;
  level: 'info' | 'error';
  text: string;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { state, api, person, logger } = options;
  const found = state.team(person.teamId);
  if (!found) throw new Error(`unknown team ${person.teamId}`);
  const team = found;
  const dm = state.openIm(person.teamId, person.userId).channel;
  const files = new Map(Object.entries(PAGE_FILES).map(([route, { file, type }]) => [route, { body: readFileSync(path.join(PAGE_DIR, file)), type }]));

  let bot: BotEndpoint | undefined;
  let nudge: (() => Promise<NudgeOutcome>) | undefined;
  let localParts = options.localParts ?? [];
  const notices: Notice[] = [];
  const startingNotice: Notice = { id: 'starting', level: 'info', text: 'Starting the coach (database, model, bot)… the page is live as soon as it is up.' };
  notices.push(startingNotice);

  // --- what the page shows ----------------------------------------------------------

  const userName = (id: string) => (id === team.bot.user_id ? team.bot.name : state.user(id)?.real_name);
  const htmlCache = new Map<string, string>();
  const render = (key: string, make: () => string) => {
    let html = htmlCache.get(key);
    if (html === undefined) {
      html = make();
      htmlCache.set(key, html);
    }
    return html;
  };
  const botName = 'Deep Thoughts';
  const personRecord = state.user(person.userId);

  function pageState() {
    const messages = state.messages({ channel: dm.id }).map((m) => ({
      ts: m.ts,
      threadTs: m.thread_ts,
      author: m.bot_id ? 'bot' : 'person',
      name: m.bot_id ? botName : (state.user(m.user)?.real_name ?? m.user),
      html: render(`m:${m.ts}:${m.edited?.ts ?? ''}`, () => messageToHtml(m, { userName })),
      replyCount: m.reply_count ?? 0,
      reactions: (m.reactions ?? []).map((r) => ({ emoji: EMOJI[r.name] ?? `:${r.name}:`, count: r.count })),
      edited: Boolean(m.edited),
    }));
    const ephemerals = state.ephemerals({ user: person.userId, channel: dm.id }).map((e) => ({
      ts: e.ts,
      threadTs: e.thread_ts,
      html: render(`e:${e.ts}`, () => messageToHtml(e, { userName })),
    }));
    const view = state.view(person.teamId, person.userId);
    const modal = state.modal(person.teamId, person.userId);
    const now = options.now?.() ?? new Date();
    return {
      ready: Boolean(bot),
      clock: { now: now.toISOString(), aheadMs: Math.max(0, now.getTime() - Date.now()) },
      workspace: team.name,
      person: { id: person.userId, name: personRecord?.real_name ?? person.userId },
      bot: { name: botName },
      local: localParts,
      messages,
      ephemerals,
      home: view ? { viewId: view.id, hash: view.hash, html: render(`v:${view.hash}`, () => blocksToHtml(view.blocks, { userName })) } : null,
      modal: modal
        ? {
            viewId: modal.id,
            hash: modal.hash,
            titleHtml: render(`mt:${modal.hash}`, () => textObjectToHtml(modal.view.title)),
            closeHtml: render(`mc:${modal.hash}`, () => textObjectToHtml(modal.view.close ?? { type: 'plain_text', text: 'Close' })),
            html: render(`mv:${modal.hash}`, () => blocksToHtml(modal.blocks, { userName })),
          }
        : null,
      notices,
    };
  }

  // --- the App Home's element state (Slack sends it back in view.state.values) ----------------

  /** Per view: the values the person changed since it was published, by "block_id action_id". A new publish starts afresh. */
  const viewEdits = new Map<string, Map<string, Record<string, unknown>>>();

  // --- live updates -------------------------------------------------------------------

  const streams = new Set<ServerResponse>();
  let flushTimer: NodeJS.Timeout | undefined;
  const broadcast = () => {
    flushTimer = undefined;
    const frame = `event: state\ndata: ${JSON.stringify(pageState())}\n\n`;
    for (const stream of streams) stream.write(frame);
  };
  /** Changes come in bursts (a reply, its reaction removed, the parent's reply count): one frame per burst. */
  const changed = () => {
    flushTimer ??= setTimeout(broadcast, 15);
  };
  const unsubscribe = state.onChange((change) => {
    if (change.type === 'view_published' || change.type === 'view_closed') viewEdits.delete(change.view.id);
    changed();
  });
  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n');
  }, 20_000);
  keepAlive.unref();

  function stateValues(blocks: unknown[], edits: Map<string, Record<string, unknown>> | undefined) {
    const values: Record<string, Record<string, unknown>> = {};
    for (const { blockId, element, actionId } of interactiveElements(blocks)) {
      const value = edits?.get(`${blockId} ${actionId}`) ?? initialValue(element);
      if (value) (values[blockId] ??= {})[actionId] = value;
    }
    return values;
  }

  // --- the page's actions ------------------------------------------------------------------

  const sender = (): SlackSender | undefined => bot && { url: bot.eventsUrl, signingSecret: bot.signingSecret, teamId: person.teamId, apiAppId: team.bot.app_id };

  function notify(text: string, level: 'info' | 'error' = 'error') {
    const notice = { id: randomUUID(), level, text };
    notices.push(notice);
    if (notices.length > 5) notices.shift();
    changed();
    setTimeout(() => {
      const index = notices.indexOf(notice);
      if (index !== -1) notices.splice(index, 1);
      changed();
    }, 10_000).unref();
  }

  /** The bot's answer to a signed request: anything but 2xx is shown, as Slack would show a failed delivery. */
  function checkDelivery(what: string, response: SentResponse) {
    if (response.status >= 200 && response.status < 300) return;
    logger.warn('emulator_delivery_refused', { what, status: response.status });
    notify(`The bot answered HTTP ${response.status} to ${what}. See the terminal for its log.`);
  }

  async function sendMessage(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const text = typeof body.text === 'string' ? body.text : '';
    const threadTs = typeof body.threadTs === 'string' && body.threadTs ? body.threadTs : undefined;
    if (!text.trim()) return { ok: false, error: 'Type a message first.' };
    if (text.length > 40_000) return { ok: false, error: 'Slack refuses messages over 40,000 characters (msg_too_long).' };
    const to = sender();
    if (!to) return { ok: false, error: 'The coach is still starting; try again in a moment.' };

    const command = /^\/([a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text.trim());
    if (command) return runCommand(to, `/${command[1]!.toLowerCase()}`, command[2] ?? '');

    // Slack stores a person's text with &, < and > as entities; the bot sees exactly that.
    const stored = state.postMessage({ channel: dm.id, user: person.userId, text: escapeSlack(text), thread_ts: threadTs });
    const event = directMessageEvent({
      user: person.userId,
      channel: dm.id,
      ts: stored.ts,
      text: stored.text,
      threadTs,
      extra: { team: person.teamId, client_msg_id: randomUUID(), ...(threadTs ? { parent_user_id: state.message(dm.id, threadTs)?.user } : {}) },
    });
    checkDelivery('the message', await sendEvent(to, event));
    return { ok: true, ts: stored.ts };
  }

  async function runCommand(to: SlackSender, name: string, text: string): Promise<Record<string, unknown>> {
    if (!options.commands.includes(name)) {
      notify(`${name} is not a valid command. This app has ${options.commands.join(', ')}.`, 'info');
      return { ok: true };
    }
    const responseUrl = state.createResponseUrl({ team: person.teamId, channel: dm.id, user: person.userId });
    const response = await sendCommand(to, {
      command: name,
      text,
      user: person.userId,
      channel: dm.id,
      responseUrl: absolute(RESPONSE_URL_PATH + encodeURIComponent(responseUrl.id)),
      triggerId: trigger(),
    });
    checkDelivery(name, response);
    // An ack with a body is shown to the person alone, as Slack does.
    const acked = parseJson(response.body);
    if (acked && (typeof acked.text === 'string' || Array.isArray(acked.blocks))) {
      state.postEphemeral({ channel: dm.id, user: person.userId, text: typeof acked.text === 'string' ? acked.text : '', ...(Array.isArray(acked.blocks) ? { blocks: acked.blocks } : {}) });
    }
    return { ok: true };
  }

  async function runAction(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const to = sender();
    if (!to) return { ok: false, error: 'The coach is still starting; try again in a moment.' };
    const surface = textField(body.surface);
    const blockId = textField(body.blockId);
    const actionId = textField(body.actionId);

    if (surface === 'home' || surface === 'modal') {
      const view = surface === 'home' ? state.view(person.teamId, person.userId) : state.modal(person.teamId, person.userId);
      if (!view) return { ok: false, error: surface === 'home' ? 'The App Home has not been published yet.' : 'That modal is closed.' };
      const found = findElement(view.blocks, blockId, actionId);
      if (!found) return { ok: false, error: surface === 'home' ? 'That control is no longer on the App Home.' : 'That control is no longer in the modal.' };
      const change = changeFor(found.element, body);
      if (!change) return { ok: false, error: 'That control cannot be used here.' };
      const edits = viewEdits.get(view.id) ?? new Map<string, Record<string, unknown>>();
      viewEdits.set(view.id, edits);
      const value = stateValueFor(change);
      if (value) edits.set(`${blockId} ${actionId}`, value);
      if (body.dispatch === false) return { ok: true };
      const payload = blockActionsPayload(to, {
        user: person.userId,
        actionId,
        blockId,
        value: change.type === 'button' ? change.value : '',
        container: { type: 'view', viewId: view.id },
        action: elementAction(actionId, blockId, change),
        view: publicView(view),
        stateValues: stateValues(view.blocks, edits),
        triggerId: trigger(),
      });
      checkDelivery(surface === 'home' ? 'the App Home action' : 'the modal action', await sendInteraction(to, payload));
      return { ok: true };
    }

    const ts = textField(body.ts);
    const ephemeral = surface === 'ephemeral';
    const source = ephemeral ? state.ephemerals({ user: person.userId }).find((e) => e.ts === ts) : state.message(dm.id, ts);
    if (!source) return { ok: false, error: 'That message is gone.' };
    const found = findElement(source.blocks ?? [], blockId, actionId);
    if (!found) return { ok: false, error: 'That button is no longer on the message.' };
    const change = changeFor(found.element, body);
    if (!change) return { ok: false, error: 'That control cannot be used here.' };
    const responseUrl = state.createResponseUrl({ team: person.teamId, channel: dm.id, user: person.userId, ...(ephemeral ? {} : { message_ts: ts }) });
    const payload = blockActionsPayload(to, {
      user: person.userId,
      actionId,
      blockId,
      value: change.type === 'button' ? change.value : '',
      container: { type: 'message', channel: dm.id, messageTs: ts, responseUrl: absolute(RESPONSE_URL_PATH + encodeURIComponent(responseUrl.id)), isEphemeral: ephemeral },
      action: elementAction(actionId, blockId, change),
      ...(ephemeral ? {} : { message: publicMessage(state.message(dm.id, ts)!) }),
      triggerId: trigger(),
    });
    checkDelivery('the button', await sendInteraction(to, payload));
    return { ok: true };
  }

  /** A trigger_id for a click or a command, as Slack gives one: the bot may exchange it once for a modal. */
  const trigger = () => state.createTrigger(person.teamId, person.userId).id;

  /** Close, ✕ or Esc on the page's modal. Slack tells the app only when the view asks for it (notify_on_close). */
  async function closeModal(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const closed = state.closeModal(person.teamId, person.userId, typeof body.viewId === 'string' && body.viewId ? body.viewId : undefined);
    const to = sender();
    if (closed && to && closed.view.notify_on_close === true) {
      const payload = { type: 'view_closed', user: { id: person.userId, username: person.userId.toLowerCase(), team_id: person.teamId }, view: publicView(closed), is_cleared: false };
      checkDelivery('view_closed', await sendInteraction(to, payload));
    }
    return { ok: true };
  }

  async function openTab(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const to = sender();
    if (!to) return { ok: false, error: 'The coach is still starting; try again in a moment.' };
    const tab = body.tab === 'messages' ? 'messages' : 'home';
    const view = state.view(person.teamId, person.userId);
    const event = { type: 'app_home_opened', user: person.userId, channel: dm.id, tab, ...(view && tab === 'home' ? { view: publicView(view) } : {}) };
    checkDelivery('app_home_opened', await sendEvent(to, event));
    return { ok: true };
  }

  async function runNudge(): Promise<Record<string, unknown>> {
    if (!bot || !nudge) return { ok: false, error: 'The coach is still starting; try again in a moment.' };
    try {
      const outcome = await nudge();
      return { ok: outcome.ok, message: outcome.message };
    } catch (error) {
      logger.error('emulator_nudge_failed', errorFields(error));
      return { ok: false, message: 'The nudge failed; see the terminal for the log line.' };
    }
  }

  // --- HTTP ---------------------------------------------------------------------------------

  let origin = '';
  const absolute = (pathname: string) => `${origin}${pathname}`;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // Loopback names only: a web page that re-points its own domain at 127.0.0.1 (DNS rebinding) gets nothing.
    if (!LOOPBACK_HOST.test(req.headers.host ?? '')) return json(res, 403, { ok: false, error: 'forbidden_host' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (api.handle(req, res)) return;

    const file = files.get(url.pathname);
    if (file && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return;
    }
    if (url.pathname === '/healthz' && req.method === 'GET') {
      void health(res);
      return;
    }
    if (url.pathname === '/metrics' && req.method === 'GET') {
      void metrics(res);
      return;
    }
    if (url.pathname === '/emulator/events' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.write('retry: 1000\n\n');
      res.write(`event: state\ndata: ${JSON.stringify(pageState())}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname === '/emulator/state' && req.method === 'GET') {
      return json(res, 200, pageState());
    }
    const routes: Record<string, (body: Record<string, unknown>) => Promise<Record<string, unknown>>> = {
      '/emulator/messages': sendMessage,
      '/emulator/actions': runAction,
      '/emulator/home/open': openTab,
      '/emulator/modal/close': closeModal,
      '/emulator/nudge': runNudge,
    };
    const route = routes[url.pathname];
    if (route && req.method === 'POST') {
      void pageRequest(req, res, route);
      return;
    }
    json(res, 404, { ok: false, error: 'not_found' });
  };

  async function pageRequest(req: IncomingMessage, res: ServerResponse, route: (body: Record<string, unknown>) => Promise<Record<string, unknown>>) {
    // Only the page itself: a JSON body (which a foreign site cannot send without a CORS preflight we never grant) from our own origin.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    const from = req.headers.origin;
    if (type !== 'application/json' || (from !== undefined && from !== `http://${req.headers.host}`)) {
      return json(res, 403, { ok: false, error: 'forbidden' });
    }
    try {
      const raw = await readBody(req, MAX_PAGE_BODY);
      const body = raw === undefined ? undefined : parseJson(raw || '{}');
      if (!body) return json(res, 400, { ok: false, error: 'The page sent something the emulator could not read.' });
      const answer = await route(body);
      json(res, 200, answer);
    } catch (error) {
      if (error instanceof SlackApiError) return json(res, 200, { ok: false, error: `Slack refused it: ${error.code}` });
      logger.error('emulator_request_failed', { path: req.url ?? '', ...errorFields(error) });
      json(res, 500, { ok: false, error: 'The emulator could not deliver that to the bot; see the terminal.' });
    }
  }

  async function health(res: ServerResponse) {
    if (!bot) return json(res, 503, { ok: false, starting: true });
    try {
      const answer = await fetch(bot.healthUrl);
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    } catch {
      json(res, 503, { ok: false, bot: 'down' });
    }
  }

  /** The bot's Prometheus metrics on PORT, so a local scraper needs only the one URL the banner prints. */
  async function metrics(res: ServerResponse) {
    if (!bot?.metricsUrl) return json(res, 503, { ok: false, starting: true });
    try {
      const answer = await fetch(bot.metricsUrl);
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
      res.end(await answer.text());
    } catch {
      json(res, 503, { ok: false, bot: 'down' });
    }
  }

  const hosts = options.hosts ?? ['127.0.0.1', '::1'];
  const servers: Server[] = [];
  let port = options.port;
  for (const [index, host] of hosts.entries()) {
    const server = createServer(handle);
    server.keepAliveTimeout = 5_000;
    try {
      await listen(server, port, host);
    } catch (error) {
      // A machine without IPv6 loopback still gets the page on 127.0.0.1.
      if (index > 0 && (error as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL') continue;
      if (index > 0 && (error as NodeJS.ErrnoException).code === 'EAFNOSUPPORT') continue;
      await Promise.all(servers.map(closeServer));
      throw error;
    }
    if (index === 0) port = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `http://localhost:${port}`,
    apiUrl: `${origin}${api.basePath}`,
    port,
    connectBot(endpoint) {
      bot = endpoint;
      notices.splice(notices.indexOf(startingNotice), 1);
      changed();
    },
    setNudge(fn) {
      nudge = fn;
    },
    setLocalParts(parts) {
      localParts = parts;
      changed();
    },
    notify,
    async close() {
      unsubscribe();
      clearInterval(keepAlive);
      if (flushTimer) clearTimeout(flushTimer);
      for (const stream of streams) stream.end();
      streams.clear();
      await Promise.all(servers.map(closeServer));
    },
  };
}

// --- Block Kit lookups ----------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

interface FoundElement {
  block: Json;
  blockId: string;
  element: Json;
  actionId: string;
}

/** Every interactive element of a surface, with the ids the renderer gave it. */
function interactiveElements(blocks: unknown[]): FoundElement[] {
  const found: FoundElement[] = [];
  blocks.filter(isObject).forEach((block, index) => {
    const blockId = blockIdOf(block, index);
    const elements =
      block.type === 'actions' && Array.isArray(block.elements)
        ? block.elements.filter(isObject)
        : block.type === 'section' && isObject(block.accessory)
          ? [block.accessory]
          : block.type === 'input' && isObject(block.element)
            ? [block.element]
            : [];
    elements.forEach((element, i) => found.push({ block, blockId, element, actionId: actionIdOf(element, i) }));
  });
  return found;
}

function findElement(blocks: unknown[], blockId: string, actionId: string): FoundElement | undefined {
  return interactiveElements(blocks).find((f) => f.blockId === blockId && f.actionId === actionId);
}

function optionsOf(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options.filter(isObject) : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.filter(isObject).flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isObject) : []))
    : [];
  return [...direct, ...grouped];
}

/** What the page reported, as the change Slack would describe, with the element's own option objects. */
function changeFor(element: Json, body: Json): ElementChange | undefined {
  const type = textField(element.type);
  const option = (value: unknown) => optionsOf(element).find((o) => o.value === value);
  switch (type) {
    case 'button':
      return { type: 'button', value: typeof element.value === 'string' ? element.value : '', text: element.text, ...(typeof element.style === 'string' ? { style: element.style } : {}) };
    case 'timepicker': {
      const time = typeof body.selectedTime === 'string' && /^\d{2}:\d{2}$/.test(body.selectedTime) ? body.selectedTime : null;
      return { type: 'timepicker', selectedTime: time, ...(typeof element.initial_time === 'string' ? { initialTime: element.initial_time } : {}) };
    }
    case 'datepicker': {
      const date = typeof body.selectedDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.selectedDate) ? body.selectedDate : null;
      return { type: 'datepicker', selectedDate: date, ...(typeof element.initial_date === 'string' ? { initialDate: element.initial_date } : {}) };
    }
    case 'checkboxes': {
      const values = Array.isArray(body.selectedValues) ? body.selectedValues : [];
      return { type: 'checkboxes', selectedOptions: optionsOf(element).filter((o) => values.includes(o.value)) };
    }
    case 'radio_buttons':
    case 'static_select':
    case 'overflow': {
      const selected = option(body.selectedValue);
      return selected ? { type, selectedOption: selected } : undefined;
    }
    case 'plain_text_input':
      return { type: 'plain_text_input', value: typeof body.value === 'string' ? body.value : '' };
    default:
      return undefined;
  }
}

/** An element's value as `view.state.values` carries it. */
function stateValueFor(change: ElementChange): Record<string, unknown> | undefined {
  switch (change.type) {
    case 'timepicker':
      return { type: change.type, selected_time: change.selectedTime };
    case 'datepicker':
      return { type: change.type, selected_date: change.selectedDate };
    case 'checkboxes':
      return { type: change.type, selected_options: change.selectedOptions };
    case 'plain_text_input':
      return { type: change.type, value: change.value };
    case 'button':
      return undefined;
    default:
      return { type: change.type, selected_option: change.selectedOption };
  }
}

function initialValue(element: Json): Record<string, unknown> | undefined {
  switch (element.type) {
    case 'timepicker':
      return { type: 'timepicker', selected_time: typeof element.initial_time === 'string' ? element.initial_time : null };
    case 'datepicker':
      return { type: 'datepicker', selected_date: typeof element.initial_date === 'string' ? element.initial_date : null };
    case 'checkboxes':
      return { type: 'checkboxes', selected_options: Array.isArray(element.initial_options) ? element.initial_options : [] };
    case 'radio_buttons':
    case 'static_select':
      return { type: element.type, selected_option: isObject(element.initial_option) ? element.initial_option : null };
    case 'plain_text_input':
      return { type: 'plain_text_input', value: typeof element.initial_value === 'string' ? element.initial_value : null };
    default:
      return undefined;
  }
}

// --- small helpers --------------------------------------------------------------------------

/** What Slack does to a person's text before anyone sees it: &, < and > become entities. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function parseJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A field the page sends as text; anything else reads as empty. */
function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

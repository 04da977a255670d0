/**
 * The HTTP side of the fake Slack Web API: request parsing as Slack accepts
 * it, bearer-token authentication, injected failures, dispatch to the
 * methods, and response URLs. Mountable on any node:http server
 * (`if (!api.handle(req, res)) ...serve your own page`), which is how the
 * local emulator can serve its page and the API on one port.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { METHODS, ACCEPTED_SCOPES, FILES_PATH, UPLOAD_PATH, messageContent, type MethodArgs, type MethodHandler } from './methods';
import type { FakeOAuth } from './oauth';
import { SlackApiError, type SlackState } from './state';

/**
 * A failure to answer the next call of a method with, instead of running it:
 * - a Slack error code: HTTP 200 `{ ok: false, error }`, as Slack answers
 *   platform errors (`'channel_not_found'`, `'invalid_auth'`);
 * - `{ status: 429, retryAfter: 1 }`: rate limited, with a Retry-After header
 *   (seconds) that @slack/web-api honours before retrying;
 * - `{ status: 503 }` (any other status): an HTTP error;
 * - `{ drop: true }`: the connection is closed without an answer.
 */
export type InjectedFailure = string | { error?: string; status?: number; retryAfter?: number; drop?: boolean };

export interface ApiCall {
  method: string;
  /** The arguments as received (blocks still JSON-encoded in form bodies), without the token. */
  args: MethodArgs;
  /** The workspace the token belongs to, when it was valid. */
  team: string | undefined;
  /** The token the call was made with (this is a fake: tests check which workspace's token was used). */
  token?: string;
  at: Date;
  status: number;
  /** What was answered; undefined when the connection was dropped. */
  response: Record<string, unknown> | undefined;
}

export type ApiCallListener = (call: ApiCall) => void;

export interface SlackWebApiOptions {
  state: SlackState;
  /** The path the methods are served under. WebClient's `slackApiUrl` is `<origin><basePath>`. */
  basePath?: string;
  /** More methods, or replacements for built-in ones: how the emulator adds what it needs. */
  methods?: Record<string, MethodHandler>;
  /** Bodies larger than this are refused (Slack refuses huge requests too). */
  maxBodyBytes?: number;
  /** The app's OAuth side: serves oauth.v2.access and authenticates the tokens it issued. */
  oauth?: FakeOAuth;
}

/** Where response URLs are served: `<origin>/response/<id>`. */
export const RESPONSE_URL_PATH = '/response/';
/** Slack lets an app use a response_url five times. */
const RESPONSE_URL_USES = 5;

export class SlackWebApi {
  readonly basePath: string;
  private readonly state: SlackState;
  private readonly methods: Record<string, MethodHandler>;
  private readonly maxBodyBytes: number;
  private readonly oauth: FakeOAuth | undefined;
  private readonly failures = new Map<string, InjectedFailure[]>();
  private readonly log: ApiCall[] = [];
  private readonly listeners = new Set<ApiCallListener>();

  constructor(options: SlackWebApiOptions) {
    this.state = options.state;
    this.basePath = options.basePath ?? '/api/';
    this.methods = { ...METHODS, ...options.methods };
    this.maxBodyBytes = options.maxBodyBytes ?? 5_000_000;
    this.oauth = options.oauth;
  }

  /** Serves the request if it is a Web API call or a response URL; false when the path is not ours. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith(this.basePath)) {
      const method = decodeURIComponent(url.pathname.slice(this.basePath.length));
      this.serve(req, res, () => this.callMethod(method, req, url, res));
      return true;
    }
    if (url.pathname.startsWith(UPLOAD_PATH) && req.method === 'POST') {
      const id = decodeURIComponent(url.pathname.slice(UPLOAD_PATH.length));
      this.serve(req, res, () => this.receiveUpload(id, req, res));
      return true;
    }
    if (url.pathname.startsWith(FILES_PATH) && (req.method === 'GET' || req.method === 'HEAD')) {
      this.serveFile(url.pathname.slice(FILES_PATH.length), req, res);
      return true;
    }
    if (url.pathname.startsWith(RESPONSE_URL_PATH)) {
      const id = decodeURIComponent(url.pathname.slice(RESPONSE_URL_PATH.length));
      this.serve(req, res, () => this.respondToUrl(id, req, url, res));
      return true;
    }
    return false;
  }

  /** The next `times` calls of `method` fail with `failure` instead of running. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Every call so far, oldest first; only those of `method` when given. */
  calls(method?: string): ApiCall[] {
    return this.log.filter((call) => method === undefined || call.method === method);
  }

  /** Calls `listener` after every answered call (an API log for the emulator page); returns the unsubscribe function. */
  onCall(listener: ApiCallListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private serve(req: IncomingMessage, res: ServerResponse, work: () => Promise<void>): void {
    work().catch((error: unknown) => {
      process.emitWarning(`fake Slack API failed on ${req.url ?? ''}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fatal_error' });
      else res.destroy();
    });
  }

  private async callMethod(method: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const parsed = await readArgs(req, url, this.maxBodyBytes);
    const { token: bodyToken, ...args } = parsed.args;
    const token = bearer(req.headers.authorization) ?? (typeof bodyToken === 'string' && bodyToken.length > 0 ? bodyToken : undefined);
    const record = (status: number, response: Record<string, unknown> | undefined, team?: string) =>
      this.record({ method, args, team, ...(token ? { token } : {}), at: new Date(), status, response });

    if (parsed.error) {
      const body = { ok: false, error: parsed.error };
      send(res, 200, body);
      return record(200, body);
    }

    const failure = this.failures.get(method)?.shift();
    if (failure !== undefined) return this.fail(failure, req, res, (status, body) => record(status, body));

    // Authenticated by the app's client id and secret, not a token.
    if (method === 'oauth.v2.access' && this.oauth) {
      let body: Record<string, unknown>;
      try {
        body = { ok: true, ...this.oauth.access(args, req) };
      } catch (error) {
        if (!(error instanceof SlackApiError)) throw error;
        body = { ok: false, error: error.code };
      }
      send(res, 200, body);
      return record(200, body, typeof (body.team as { id?: unknown } | undefined)?.id === 'string' ? (body.team as { id: string }).id : undefined);
    }

    const handler = this.methods[method];
    if (!handler) {
      const body = { ok: false, error: 'unknown_method', req_method: method };
      send(res, 200, body);
      return record(200, body);
    }

    if (token === undefined) {
      const body = { ok: false, error: 'not_authed' };
      send(res, 200, body);
      return record(200, body);
    }
    const issued = this.oauth?.authenticate(token);
    if (issued && 'error' in issued) {
      const body = { ok: false, error: issued.error };
      send(res, 200, body);
      return record(200, body);
    }
    const team = issued?.team ?? this.state.teamByToken(token);
    if (!team) {
      const body = { ok: false, error: 'invalid_auth' };
      send(res, 200, body);
      return record(200, body);
    }

    const headers: Record<string, string> = { 'x-oauth-scopes': (team.scopes ?? []).join(',') };
    const accepted = ACCEPTED_SCOPES[method];
    if (accepted) headers['x-accepted-oauth-scopes'] = accepted;
    let body: Record<string, unknown>;
    try {
      body = { ok: true, ...handler({ state: this.state, team, args, origin: `http://${req.headers.host ?? '127.0.0.1'}` }) };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      body = { ok: false, error: error.code, ...error.extra };
    }
    send(res, 200, body, headers);
    record(200, body, team.id);
  }

  private fail(failure: InjectedFailure, req: IncomingMessage, res: ServerResponse, record: (status: number, body: Record<string, unknown> | undefined) => void): void {
    const spec = typeof failure === 'string' ? { error: failure } : failure;
    if (spec.drop) {
      req.socket.destroy();
      return record(0, undefined);
    }
    const status = spec.status ?? 200;
    const body = { ok: false, error: spec.error ?? (status === 429 ? 'ratelimited' : status === 200 ? 'fatal_error' : 'internal_error') };
    const headers: Record<string, string> = {};
    if (status === 429 || spec.retryAfter !== undefined) headers['retry-after'] = String(spec.retryAfter ?? 1);
    send(res, status, body, headers);
    record(status, body);
  }

  /**
   * A POST to a response URL (Bolt's `respond()`): ephemeral by default,
   * in the channel with `response_type: 'in_channel'`, or a change to the
   * message the interaction came from (`replace_original`, `delete_original`).
   * Refusals answer with an HTTP error, so a caller that ignores the body still sees them.
   */
  private async respondToUrl(id: string, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const parsed = await readArgs(req, url, this.maxBodyBytes);
    const target = this.state.responseUrl(id);
    if (!target) return send(res, 404, { ok: false, error: 'expired_url' });
    if (target.uses >= RESPONSE_URL_USES) return send(res, 404, { ok: false, error: 'used_url' });
    if (parsed.error) return send(res, 400, { ok: false, error: parsed.error });
    target.uses += 1;
    const team = this.state.team(target.team);
    if (!team) return send(res, 404, { ok: false, error: 'expired_url' });
    const args = parsed.args;
    try {
      if (args.delete_original === true || args.delete_original === 'true') {
        if (target.message_ts && this.state.message(target.channel, target.message_ts)) this.state.deleteMessage(target.channel, target.message_ts);
        return send(res, 200, { ok: true });
      }
      const content = messageContent(args);
      const thread = typeof args.thread_ts === 'string' ? { thread_ts: args.thread_ts } : {};
      if ((args.replace_original === true || args.replace_original === 'true') && target.message_ts && this.state.message(target.channel, target.message_ts)) {
        this.state.updateMessage(target.channel, target.message_ts, { ...content, editor: team.bot.user_id });
      } else if (args.response_type === 'in_channel') {
        this.state.postMessage({ channel: target.channel, user: team.bot.user_id, bot_id: team.bot.bot_id, app_id: team.bot.app_id, ...content, ...thread });
      } else {
        this.state.postEphemeral({ channel: target.channel, user: target.user, ...content, ...thread });
      }
      send(res, 200, { ok: true });
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      send(res, 400, { ok: false, error: error.code, ...error.extra });
    }
  }

  /**
   * The upload URL of files.getUploadURLExternal: the bytes, raw or as the one
   * file of a multipart form (what @slack/web-api's filesUploadV2 sends).
   * Slack answers 200 when they arrived; an unknown upload is a 404.
   */
  private async receiveUpload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBytes(req, this.maxBodyBytes);
    if (raw === undefined) return sendText(res, 413, 'request too large');
    let content = raw;
    const type = req.headers['content-type'] ?? '';
    if (type.toLowerCase().startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData().catch(() => undefined);
      const file = form ? [...form.values()].find((value): value is File => typeof value !== 'string') : undefined;
      if (!file) return sendText(res, 400, 'no file in the form');
      content = Buffer.from(await file.arrayBuffer());
    }
    if (!this.state.receiveUpload(id, content)) return sendText(res, 404, 'upload not found');
    this.record({ method: 'upload', args: { file_id: id, bytes: content.length }, team: undefined, at: new Date(), status: 200, response: undefined });
    sendText(res, 200, `OK - ${content.length}`);
  }

  /** A shared file's bytes, at its url_private (`<team>-<file id>/<name>`). */
  private serveFile(rest: string, req: IncomingMessage, res: ServerResponse): void {
    const match = /^([A-Z0-9]+)-([A-Z0-9]+)\//.exec(rest);
    const file = match ? this.state.sharedFileRecord(match[1]!, match[2]!) : undefined;
    if (!file?.content) return sendText(res, 404, 'file not found');
    res.writeHead(200, {
      'content-type': file.filename.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      'content-length': file.content.length,
      'content-disposition': `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : file.content);
  }

  private record(call: ApiCall): void {
    this.log.push(call);
    for (const listener of this.listeners) {
      try {
        listener(call);
      } catch (error) {
        process.emitWarning(`fake Slack API call listener failed: ${String(error)}`);
      }
    }
  }
}

interface ParsedArgs {
  args: MethodArgs;
  /** Slack's code for a body it cannot read. */
  error?: string;
}

/**
 * Arguments from the query string and the body, which Slack takes as
 * `application/x-www-form-urlencoded` (what @slack/web-api sends, with
 * objects JSON-encoded inside) or `application/json`.
 */
async function readArgs(req: IncomingMessage, url: URL, maxBytes: number): Promise<ParsedArgs> {
  const args: MethodArgs = Object.fromEntries(url.searchParams);
  const body = await readBody(req, maxBytes);
  if (body === undefined) return { args, error: 'request_too_large' };
  if (body.length === 0) return { args };
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '') return { args, error: 'missing_post_type' };
  if (type === 'application/x-www-form-urlencoded') return { args: { ...args, ...Object.fromEntries(new URLSearchParams(body)) } };
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { args, error: 'invalid_json' };
      return { args: { ...args, ...(parsed as MethodArgs) } };
    } catch {
      return { args, error: 'invalid_json' };
    }
  }
  return { args, error: 'invalid_post_type' };
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return readBytes(req, maxBytes).then((bytes) => bytes?.toString('utf8'));
}

function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function send(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

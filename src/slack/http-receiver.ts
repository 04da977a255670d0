/**
 * Slack over HTTP, bytes only: read the request, check its signature, parse
 * it, hand it to the app, answer. Bolt's HTTPReceiver does the same, but a
 * signed body of `null` throws outside its error handling (the process
 * exits), and it accepts timestamps from the future; Slack's rule is five
 * minutes either way (https://docs.slack.dev/authentication/verifying-requests-from-slack).
 * Every request gets an answer: 2xx, or 4xx for what Slack never sends, 5xx
 * only when an event could not be kept (Slack then sends it again).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { errorFields, type Logger } from '../log';
import { logRejection } from './payload';

export interface HttpRoute {
  method: 'GET';
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  routes?: HttpRoute[];
  /** Bytes of one request body; Slack's payloads are far smaller. */
  bodyLimit?: number;
  /** Now, in milliseconds (tests move it). */
  now?: () => number;
}

const EVENTS_PATH = '/slack/events';
const MAX_SKEW_SECONDS = 5 * 60;
/** Slack retries what is not answered within 3 s; answering at 2.9 s means it need not. */
const ACK_DEADLINE_MS = 2_900;

export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private server: Server | undefined;

  constructor(private readonly options: HttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** Listens on a port, or on `{ port, host }` (the shape Bolt's App.start passes on). */
  start(listen: number | { port: number; host?: string }): Promise<Server> {
    const { port, host } = typeof listen === 'number' ? { port: listen, host: undefined } : listen;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // Nothing escapes a request: the worst case is a coded line and a 500.
        this.options.logger.error('http_request_failed', errorFields(error));
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const route = this.options.routes?.find((r) => r.path === path && r.method === req.method);
    if (route) return route.handler(req, res);
    if (path !== EVENTS_PATH) return void res.writeHead(404).end();
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();

    const raw = await readBody(req, this.options.bodyLimit ?? 1_000_000);
    if (raw === null) {
      res.setHeader('connection', 'close');
      return this.refuse(res, 413, 'request_too_large');
    }
    const verdict = this.verify(req, raw);
    if (verdict) return this.refuse(res, 401, verdict);

    const body = parseBody(raw, String(req.headers['content-type'] ?? ''));
    if (!body) return this.refuse(res, 400, 'payload_unparsable');
    if (body.ssl_check === '1') return void res.writeHead(200).end();
    if (body.type === 'url_verification') return json(res, 200, { challenge: body.challenge });

    let answered = false;
    const answer = (status: number, content?: unknown) => {
      if (answered || res.headersSent) return;
      answered = true;
      clearTimeout(late);
      if (content === undefined || content === '') res.writeHead(status).end();
      else if (typeof content === 'string') res.writeHead(status, { 'content-type': 'text/plain' }).end(content);
      else json(res, status, content);
    };
    // A listener that never acknowledges must not leave Slack waiting: answer just before Slack would give up.
    const late = setTimeout(() => {
      this.options.logger.warn('ack_deadline_missed', { type: typeof body.type === 'string' ? body.type : undefined });
      answer(200);
    }, ACK_DEADLINE_MS);
    late.unref();

    const retryNum = Number(req.headers['x-slack-retry-num']);
    const event: ReceiverEvent = {
      body,
      ack: (response?: unknown) => Promise.resolve(answer(200, response)),
      ...(Number.isFinite(retryNum) ? { retryNum } : {}),
      ...(req.headers['x-slack-retry-reason'] ? { retryReason: String(req.headers['x-slack-retry-reason']) } : {}),
      customProperties: {},
    };
    try {
      await this.app?.processEvent(event);
      answer(200);
    } catch (error) {
      // Malformed: 400. Not kept (the database is away): 503, and Slack's retry delivers it again.
      answer(logRejection(this.options.logger, error) === 'malformed' ? 400 : 503);
    }
  }

  /** Why the request is not Slack's, or null when it is. */
  private verify(req: IncomingMessage, raw: Buffer): string | null {
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const signature = req.headers['x-slack-signature'];
    if (!Number.isInteger(timestamp) || typeof signature !== 'string') return 'signature_missing';
    const now = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    if (Math.abs(now - timestamp) > MAX_SKEW_SECONDS) return 'signature_stale';
    const expected = `v0=${createHmac('sha256', this.options.signingSecret).update(`v0:${timestamp}:`).update(raw).digest('hex')}`;
    const given = Buffer.from(signature);
    const wanted = Buffer.from(expected);
    return given.length === wanted.length && timingSafeEqual(given, wanted) ? null : 'signature_mismatch';
  }

  private refuse(res: ServerResponse, status: number, code: string): void {
    this.options.logger.warn('http_request_refused', { status, reason: code });
    res.writeHead(status).end();
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Over the limit: keep reading (so the client hears the 413) but keep nothing.
      if (size > limit) resolve(null);
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request's JSON (events) or form (commands; interactivity's `payload` field), as an object; null otherwise. */
function parseBody(raw: Buffer, contentType: string): Record<string, unknown> | null {
  try {
    let parsed: unknown;
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      parsed = typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
    } else {
      parsed = JSON.parse(raw.toString('utf8'));
    }
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function json(res: ServerResponse, status: number, content: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(content));
}

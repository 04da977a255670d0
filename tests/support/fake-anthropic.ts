/**
 * A fake Anthropic Messages API: a real HTTP server on 127.0.0.1, so the real
 * `@anthropic-ai/sdk` code paths (headers, retries, backoff, timeouts, error
 * classes) run in tests. It speaks `POST /v1/messages` (non-streaming JSON)
 * and `POST /v1/messages/count_tokens`, and nothing else (anything else is a
 * 404 in Anthropic's error shape).
 *
 * Usage:
 *
 *   const fake = await startFakeAnthropic();
 *   const coach = new ClaudeCoach({ apiKey: 'k', baseURL: fake.url, logger });
 *   fake.script(toolUse({ heard: '', slots: {}, declined: [], reply: 'What matters most?' }));
 *   fake.failWith(529, { times: 2 });   // the next two requests get 529
 *   fake.requests;                      // every /v1/messages request: headers + parsed body
 *   await fake.close();
 *
 * How a request is answered, first match wins:
 *   1. a failure set by `failWith(status, { times })` (times omitted: until
 *      `clearFailure()`): Anthropic's error JSON, e.g. 529
 *      `{type:'error', error:{type:'overloaded_error', message}}`;
 *   2. the next reply queued by `script(...replies)`;
 *   3. the responder: `setResponder(fn)`, by default `smartResponder()`, which
 *      other suites (end-to-end Slack tests) can rely on: for a `coach_turn`
 *      call it returns one short question that quotes the person's last
 *      message (or the morning greeting when they have only said hello),
 *      filling the slot the app's instructions say the turn is for with it,
 *      and for `write_report` a valid report draft (`sampleReportDraft`).
 *
 * Replies: `toolUse(input, name?)` (name defaults to the tool the request
 * forces), `textReply(text)`, `apiError(status, opts)`; each takes `delayMs`
 * (a delay longer than the client's timeout makes the SDK time out).
 * Error replies send `retry-after-ms: 1` unless told otherwise, so SDK retries
 * in tests take milliseconds; pass `retryAfterMs: null` to let the SDK back off
 * on its own.
 *
 * Like the real API, the fake rejects (400 invalid_request_error) requests it
 * would reject: no credentials or anthropic-version header, no model or
 * max_tokens, no messages, an empty text block, more than 4 cache_control
 * breakpoints, a tool_choice naming an undeclared tool, a tool_use without its
 * tool_result in the next user turn, or `stream: true` (not spoken here).
 *
 * `usage` simulates prompt caching: a prefix (tools, system, tool_choice,
 * messages, block by block) written at a cache_control breakpoint is read
 * back, as `cache_read_input_tokens`, by later requests that repeat it. As
 * on the real API, a prefix shorter than the model's cache minimum is not
 * cached at all (here 4,096 tokens for every model: the strictest minimum
 * of the models the SDK lists; `cacheMinimumTokens` changes it).
 * Token counts come from `@anthropic-ai/tokenizer` (an older Claude
 * tokenizer: an estimate of today's models' counts, not their exact count);
 * `count_tokens` answers with the same estimate.
 */
import { createHash, type Hash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTokenizer } from '@anthropic-ai/tokenizer';
import {
  COACH_OPENED_NOTE,
  COACH_TURN_TOOL,
  INSTRUCTIONS_TAG,
  OPENING_QUESTION,
  WRITE_REPORT_TOOL,
  greeting,
} from '../../src/coach/prompts';
import type { ReportDraft } from '../../src/coach/report';

/** A content block as sent to the API (only the fields tests look at are typed). */
export interface FakeBlock {
  type: string;
  text?: string;
  cache_control?: { type: string; ttl?: string } | null;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  is_error?: boolean;
  content?: string | FakeBlock[];
  [key: string]: unknown;
}

export interface FakeMessage {
  /** 'user' or 'assistant' from the SDK; anything else is what the fake refuses. */
  role: string;
  content: string | FakeBlock[];
}

export interface FakeTool {
  name: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  cache_control?: { type: string } | null;
  [key: string]: unknown;
}

/** The parsed JSON body of a Messages API request. */
export interface FakeMessagesBody {
  model: string;
  max_tokens: number;
  messages: FakeMessage[];
  system?: string | FakeBlock[];
  tools?: FakeTool[];
  tool_choice?: { type: string; name?: string };
  stream?: boolean;
  [key: string]: unknown;
}

export interface RecordedRequest {
  /** 1-based, in arrival order. */
  n: number;
  method: string;
  path: string;
  /** Lower-case header names, as received. */
  headers: Record<string, string>;
  /** The parsed body; `{}`-like when the body was not JSON (the fake answers 400). */
  body: FakeMessagesBody;
  /** What the fake answered: an HTTP status. */
  status?: number;
}

export interface FakeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

interface ReplyTiming {
  /** Wait this long before answering (the client may time out first). */
  delayMs?: number;
}

export type FakeReply =
  | (ReplyTiming & {
      kind: 'tool_use';
      /** Defaults to the tool the request forces with tool_choice, else its first tool. */
      name?: string;
      input: unknown;
      /** Optional text before the tool call. */
      text?: string;
      stopReason?: string;
      usage?: Partial<FakeUsage>;
    })
  | (ReplyTiming & { kind: 'text'; text: string; stopReason?: string; usage?: Partial<FakeUsage> })
  | (ReplyTiming & {
      kind: 'error';
      status: number;
      /** Anthropic's error.type; defaults from the status (529 → overloaded_error). */
      errorType?: string;
      message?: string;
      /** Sent as `retry-after-ms`; default 1, null sends none. */
      retryAfterMs?: number | null;
      headers?: Record<string, string>;
    });

export type Responder = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FailOptions {
  /** How many requests fail; omitted: every request until `clearFailure()`. */
  times?: number;
  errorType?: string;
  message?: string;
  retryAfterMs?: number | null;
  delayMs?: number;
}

export interface FakeAnthropic {
  /** Base URL for the SDK (`baseURL` / ANTHROPIC_BASE_URL), e.g. http://127.0.0.1:12345 */
  readonly url: string;
  /** Every POST /v1/messages received, in order (also those answered with an error). */
  readonly requests: RecordedRequest[];
  /** Queues replies; each request takes the next one before the responder is asked. */
  script(...replies: FakeReply[]): void;
  /** Replies still queued. */
  scripted(): number;
  /** Replaces the responder; with no argument, back to `smartResponder()`. */
  setResponder(responder?: Responder): void;
  /** Makes requests fail with `status` (Anthropic's error JSON), ahead of the script. */
  failWith(status: number, options?: FailOptions): void;
  clearFailure(): void;
  /** Forgets requests, script, failure and cache, and restores the default responder. */
  reset(): void;
  close(): Promise<void>;
}

export interface StartOptions {
  responder?: Responder;
  /** The shortest prefix a breakpoint caches; default 4,096 tokens. */
  cacheMinimumTokens?: number;
}

/** The strictest prompt-caching minimum of the models the SDK lists (Opus 4.5 and Haiku 4.5 need 4,096). */
export const DEFAULT_CACHE_MINIMUM_TOKENS = 4096;

// ---------------------------------------------------------------- replies

export function toolUse(input: unknown, name?: string, extra: Omit<Extract<FakeReply, { kind: 'tool_use' }>, 'kind' | 'input' | 'name'> = {}): FakeReply {
  return { kind: 'tool_use', input, ...(name ? { name } : {}), ...extra };
}

export function textReply(text: string, extra: ReplyTiming & { stopReason?: string } = {}): FakeReply {
  return { kind: 'text', text, ...extra };
}

export function apiError(status: number, options: Omit<FailOptions, 'times'> & { headers?: Record<string, string> } = {}): FakeReply {
  return { kind: 'error', status, ...options };
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

// ---------------------------------------------------------------- reading requests

/** The text blocks of one message's content. */
export function blockTexts(content: string | FakeBlock[]): string[] {
  if (typeof content === 'string') return [content];
  return content.flatMap((b) => (b.type === 'text' && typeof b.text === 'string' ? [b.text] : []));
}

/** Does this text block open with an instruction tag of the app's family (`<coach_instructions_NONCE>`)? */
export function isInstructionBlock(text: string): boolean {
  return new RegExp(`^<${INSTRUCTIONS_TAG}_[0-9a-zA-Z]+>`).test(text);
}

/** What the person wrote, oldest first: user text that is not the app's instructions or a stand-in. */
export function personTexts(body: FakeMessagesBody): string[] {
  return body.messages
    .filter((m) => m.role === 'user')
    .flatMap((m) => blockTexts(m.content))
    .filter((t) => !isInstructionBlock(t) && t !== COACH_OPENED_NOTE);
}

/** The app's instruction block of the request (the last one), if any. */
export function instructionText(body: FakeMessagesBody): string | undefined {
  return body.messages
    .filter((m) => m.role === 'user')
    .flatMap((m) => blockTexts(m.content))
    .filter(isInstructionBlock)
    .pop();
}

// ---------------------------------------------------------------- the default responder

const GREETING_ONLY = /^\s*(good\s+morning|morning|hi|hello|hey|gm)\b[\s\S]{0,20}$/i;

/** The start of a message, cut at a word boundary, without closing punctuation. */
export function snippet(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const firstSentence = flat.split(/(?<=[.!?])\s/)[0] ?? flat;
  let cut = firstSentence;
  if (cut.length > max) {
    cut = cut.slice(0, max);
    const space = cut.lastIndexOf(' ');
    if (space > max / 2) cut = cut.slice(0, space);
  }
  return cut.replace(/["“”]/g, "'").replace(/[\s.!?,;:]+$/u, '');
}

/** A valid report draft (passes ReportDraftSchema); overrides replace top-level sections. */
export function sampleReportDraft(overrides: Partial<ReportDraft> = {}): ReportDraft {
  return {
    title: 'Finding the one thing for today',
    significance: {
      established: 'The person named a problem that matters to them and to their team.',
      missing: ['What would change for your team if this were solved this week?'],
    },
    task: {
      established: 'A first step for today was discussed.',
      missing: ['Set a success criterion and a time box for the task.'],
      task: 'Write a first draft and share it by noon.',
    },
    archetypes: {
      established: 'Two approaches came up: start small, or ask an expert first.',
      missing: [],
    },
    crux: {
      established: 'Time to focus is the main constraint.',
      missing: ['What would you stop doing today to make room for this?'],
      crux: 'Protecting two uninterrupted hours.',
    },
    cruxSolutions: {
      tactics: [
        {
          name: 'Calendar block',
          description: 'Block two hours in the calendar before anything else lands there.',
          firstStep: 'Open the calendar and book the slot now.',
          whyItWorks: 'A visible block is easier to defend than a good intention.',
          obstacles: 'Urgent requests that arrive during the block.',
        },
      ],
    },
    beliefs: {
      limiting: ['I need to know everything before I start.'],
      empowering: ['Small drafts get better with feedback.'],
      emerging: ['Progress beats completeness today.'],
      experiment: 'What if I believed a rough draft is already useful?',
    },
    factCheck: {
      facts: [
        { claim: 'The problem matters to the team.', status: 'known' },
        { claim: 'Two hours is enough for a first draft.', status: 'assumed' },
      ],
    },
    oneMoreThing: {
      observation: 'I notice you said this matters most today. Just one more thing puzzles me: what makes today the day?',
    },
    evaluation: {
      worked: ["Reflecting the person's own words."],
      improve: ['Pinning down success criteria sooner.'],
      score: 7,
      rationale: 'A task and a crux were named, but the success criteria stayed vague.',
    },
    ...overrides,
  };
}

export interface SmartResponderOptions {
  /** Whether each turn fills the slot the instructions say it is for; default true, so sessions move along. */
  fillSlots?: boolean;
}

/**
 * Plausible answers without a model: a question that quotes the person's last
 * message, the morning greeting when they have only said hello, a valid report.
 */
export function smartResponder(options: SmartResponderOptions = {}): Responder {
  return (request) => {
    const body = request.body;
    const tool = body.tool_choice?.name ?? body.tools?.[0]?.name;
    const said = personTexts(body);
    const last = said[said.length - 1];
    if (tool === COACH_TURN_TOOL) {
      const name = /^First name: (.+)$/m.exec(instructionText(body) ?? '')?.[1]?.trim();
      const greetingOnly = last === undefined || GREETING_ONLY.test(last);
      const reply = greetingOnly
        ? `${name ? greeting(name) : 'Good morning! 🌅'} ${OPENING_QUESTION}`
        : `What makes "${snippet(last)}" feel important to you right now?`;
      const focus = /^This turn is for: (\w+)/m.exec(instructionText(body) ?? '')?.[1];
      const slots = !greetingOnly && (options.fillSlots ?? true) && focus && focus !== 'wrapUp' ? { [focus]: snippet(last) } : {};
      return toolUse({ heard: greetingOnly ? '' : snippet(last), slots, declined: [], reply }, COACH_TURN_TOOL);
    }
    if (tool === WRITE_REPORT_TOOL) {
      const first = said.find((t) => !GREETING_ONLY.test(t));
      const title = first ? `Working on: ${snippet(first, 100)}` : 'A short morning check-in';
      return toolUse(sampleReportDraft({ title }), WRITE_REPORT_TOOL);
    }
    return textReply('OK.');
  };
}

// ---------------------------------------------------------------- request checks

function invalid(body: unknown, headers: Record<string, string>, countOnly = false): string | undefined {
  if (!headers['x-api-key'] && !headers.authorization) return 'authentication_error: no x-api-key or authorization header';
  if (!headers['anthropic-version']) return 'anthropic-version: header is required';
  if (!body || typeof body !== 'object') return 'body: must be a JSON object';
  const b = body as Partial<FakeMessagesBody>;
  if (typeof b.model !== 'string' || !b.model) return 'model: Field required';
  if (!countOnly && typeof b.max_tokens !== 'number') return 'max_tokens: Field required';
  if (b.stream) return 'stream: the fake Anthropic API does not stream';
  if (!Array.isArray(b.messages) || b.messages.length === 0) return 'messages: at least one message is required';
  const toolNames = new Set((b.tools ?? []).map((t) => t.name));
  if (b.tool_choice?.type === 'tool' && !toolNames.has(b.tool_choice.name ?? '')) return 'tool_choice.name: not one of the tools';
  let breakpoints = (b.tools ?? []).filter((t) => t.cache_control).length;
  const systemBlocks = typeof b.system === 'string' || b.system === undefined ? [] : b.system;
  breakpoints += systemBlocks.filter((s) => s.cache_control).length;
  for (const [i, m] of b.messages.entries()) {
    if (m.role !== 'user' && m.role !== 'assistant') return `messages.${i}.role: must be user or assistant`;
    const blocks = typeof m.content === 'string' ? [{ type: 'text', text: m.content } as FakeBlock] : m.content;
    if (!Array.isArray(blocks) || blocks.length === 0) return `messages.${i}.content: must not be empty`;
    for (const block of blocks) {
      if (block.type === 'text' && !(typeof block.text === 'string' && block.text.trim())) return `messages.${i}: text content blocks must be non-empty`;
      if (block.cache_control) breakpoints++;
    }
    const calls = blocks.filter((x) => x.type === 'tool_use').map((x) => x.id);
    if (calls.length > 0) {
      const next = b.messages[i + 1];
      const results = next && Array.isArray(next.content) ? next.content.filter((x) => x.type === 'tool_result').map((x) => x.tool_use_id) : [];
      for (const id of calls) {
        if (!results.includes(id)) return `messages.${i + 1}: tool_use ids were found without tool_result blocks immediately after: ${id}`;
      }
    }
    for (const result of blocks.filter((x) => x.type === 'tool_result')) {
      const previous = b.messages[i - 1];
      const ids = previous && Array.isArray(previous.content) ? previous.content.filter((x) => x.type === 'tool_use').map((x) => x.id) : [];
      if (!ids.includes(result.tool_use_id)) return `messages.${i}: unexpected tool_use_id in tool_result blocks: ${String(result.tool_use_id)}`;
    }
  }
  if (breakpoints > 4) return `A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`;
  return undefined;
}

// ---------------------------------------------------------------- cache simulation

function withoutCacheControl(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const { cache_control: _ignored, ...rest } = value as Record<string, unknown>;
  return rest;
}

// One tokenizer for the process: building one loads its whole vocabulary.
let tokenizer: ReturnType<typeof getTokenizer> | undefined;
function estimateTokens(text: string): number {
  tokenizer ??= getTokenizer();
  return text ? tokenizer.encode(text.normalize('NFKC'), 'all').length : 0;
}

/** The request as units in cache order (tools, system, tool_choice, messages), each with its token estimate. */
function unitsOf(body: FakeMessagesBody): Array<{ json: string; tokens: number; breakpoint: boolean }> {
  const units: Array<{ json: string; tokens: number; breakpoint: boolean }> = [];
  const add = (value: unknown, breakpoint: boolean, text?: string) => {
    const json = JSON.stringify(withoutCacheControl(value));
    units.push({ json, tokens: estimateTokens(text ?? json), breakpoint });
  };
  for (const tool of body.tools ?? []) add(tool, Boolean(tool.cache_control));
  if (typeof body.system === 'string') add(body.system, false, body.system);
  else for (const block of body.system ?? []) add(block, Boolean(block.cache_control), block.text);
  // tool_choice changes invalidate the message part of the cache, not tools or system.
  add({ tool_choice: body.tool_choice ?? null }, false, '');
  for (const message of body.messages) {
    const blocks = typeof message.content === 'string' ? [{ type: 'text', text: message.content } as FakeBlock] : message.content;
    for (const block of blocks) add({ role: message.role, block: withoutCacheControl(block) }, Boolean(block.cache_control), block.text);
  }
  return units;
}

function simulateUsage(body: FakeMessagesBody, cache: Set<string>, output: string, minimum: number): FakeUsage {
  const hash: Hash = createHash('sha256');
  let total = 0;
  let read = 0;
  let lastBreakpoint = 0;
  for (const unit of unitsOf(body)) {
    hash.update(unit.json);
    total += unit.tokens;
    const digest = hash.copy().digest('hex');
    if (cache.has(digest)) read = total;
    // Like the real API: a prefix shorter than the minimum is silently not cached.
    if (unit.breakpoint && total >= minimum) {
      cache.add(digest);
      lastBreakpoint = total;
    }
  }
  const write = Math.max(0, lastBreakpoint - read);
  return {
    input_tokens: Math.max(1, total - read - write),
    output_tokens: Math.max(1, estimateTokens(output)),
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  };
}

// ---------------------------------------------------------------- the server

function errorBody(status: number, type: string | undefined, message: string | undefined) {
  return { type: 'error', error: { type: type ?? ERROR_TYPES[status] ?? 'api_error', message: message ?? `Fake error ${status}` } };
}

export async function startFakeAnthropic(options: StartOptions = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const cache = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let responder: Responder = options.responder ?? smartResponder();
  const cacheMinimum = options.cacheMinimumTokens ?? DEFAULT_CACHE_MINIMUM_TOKENS;
  let failure: (FailOptions & { status: number }) | undefined;
  let ids = 0;

  const send = (res: http.ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${++ids}`, ...headers });
    res.end(JSON.stringify(payload));
  };

  const answer = (res: http.ServerResponse, record: RecordedRequest, reply: FakeReply) => {
    if (reply.kind === 'error') {
      const headers: Record<string, string> = { ...reply.headers };
      const retryAfter = reply.retryAfterMs === undefined ? 1 : reply.retryAfterMs;
      if (retryAfter !== null) headers['retry-after-ms'] = String(retryAfter);
      record.status = reply.status;
      send(res, reply.status, errorBody(reply.status, reply.errorType, reply.message), headers);
      return;
    }
    const body = record.body;
    const content: unknown[] = [];
    if (reply.text) content.push({ type: 'text', text: reply.text, citations: null });
    if (reply.kind === 'tool_use') {
      const name = reply.name ?? body.tool_choice?.name ?? body.tools?.[0]?.name ?? 'tool';
      content.push({ type: 'tool_use', id: `toolu_fake_${record.n}`, name, input: reply.input, caller: { type: 'direct' } });
    }
    const output = JSON.stringify(content);
    const usage = { ...simulateUsage(body, cache, output, cacheMinimum), ...reply.usage };
    record.status = 200;
    send(res, 200, {
      id: `msg_fake_${record.n}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content,
      stop_reason: reply.stopReason ?? (reply.kind === 'tool_use' ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: { ...usage, cache_creation: null, server_tool_use: null, inference_geo: null, output_tokens_details: null, service_tier: 'standard' },
    });
  };

  /** The same estimate `usage` is built from, for the whole request. */
  const countTokens = (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const problem = invalid(parsed, headers, true);
    if (problem) {
      const status = problem.startsWith('authentication_error') ? 401 : 400;
      send(res, status, errorBody(status, undefined, problem));
      return;
    }
    const input = unitsOf(parsed as FakeMessagesBody).reduce((sum, unit) => sum + unit.tokens, 0);
    send(res, 200, { input_tokens: input });
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, raw: string) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      countTokens(req, res, raw);
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/messages') {
      send(res, 404, errorBody(404, 'not_found_error', `Not found: ${req.method} ${path}`));
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const record: RecordedRequest = { n: requests.length + 1, method: req.method, path, headers, body: (parsed ?? {}) as FakeMessagesBody };
    requests.push(record);

    const problem = invalid(parsed, headers);
    let reply: FakeReply;
    if (problem) {
      reply = problem.startsWith('authentication_error')
        ? apiError(401, { message: problem, retryAfterMs: null })
        : apiError(400, { message: problem, retryAfterMs: null });
    } else if (failure) {
      const { status, errorType, message, retryAfterMs, delayMs } = failure;
      reply = { kind: 'error', status, errorType, message, retryAfterMs, delayMs };
      if (failure.times !== undefined && --failure.times <= 0) failure = undefined;
    } else {
      reply = queue.shift() ?? (await responder(record));
    }

    if (reply.delayMs && reply.delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(res, record, reply);
      }, reply.delayMs);
      timers.add(timer);
      // A client that timed out has gone: no reason to keep the timer (or jest) waiting.
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
      return;
    }
    answer(res, record, reply);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        send(res, 500, errorBody(500, 'api_error', `Fake responder failed: ${error instanceof Error ? error.message : String(error)}`));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      queue.push(...replies);
    },
    scripted: () => queue.length,
    setResponder: (next) => {
      responder = next ?? smartResponder();
    },
    failWith: (status, failOptions = {}) => {
      failure = { ...failOptions, status };
    },
    clearFailure: () => {
      failure = undefined;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      cache.clear();
      failure = undefined;
      responder = options.responder ?? smartResponder();
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

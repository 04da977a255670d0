/**
 * The Claude coach: the CoachModel port over Anthropic's Messages API.
 *
 * - Structured output through a forced tool call (`tool_choice: {type:'tool'}`)
 *   whose input is validated with zod; one retry that shows the model the
 *   validation error, then CoachModelError('model_invalid_output').
 * - Transient API failures (429, 5xx, 529, connection errors, timeouts) are
 *   retried by the SDK with backoff, honouring retry-after headers; what is
 *   left becomes CoachModelError('model_unavailable').
 * - Prompt caching: both tools and the system prompt are byte-identical on
 *   every request and longer than any listed model's cache minimum, cached
 *   for an hour (people often answer after more than five minutes) once for
 *   everyone; the transcript gets a five-minute breakpoint on its last block
 *   so the next turn, which repeats it, reads it from cache. What changes per
 *   request (the agenda, the language rule, the nonce) comes after both.
 * - The person's text is made forge-proof (prompts.ts `forgeProof`) and the
 *   app's instruction block is tagged with a nonce new on every request.
 * - Logs one coded line per API call with timings and token counts, never a
 *   message body, a validation message or the key.
 */
import { randomBytes } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { AppError } from '../errors';
import { errorFields, type Logger } from '../log';
import {
  CoachModelError,
  type CoachModel,
  type CoachTurn,
  type CoachTurnRequest,
  type ModelMeter,
  type ReportRequest,
} from '../coach/ports';
import {
  COACH_OPENED_NOTE,
  COACH_SYSTEM_PROMPT,
  COACH_TURN_DECLINED_DESCRIPTION,
  COACH_TURN_HEARD_DESCRIPTION,
  COACH_TURN_REPLY_DESCRIPTION,
  COACH_TURN_SLOTS_DESCRIPTION,
  COACH_TURN_TOOL,
  COACH_TURN_TOOL_DESCRIPTION,
  WRITE_REPORT_TOOL,
  WRITE_REPORT_TOOL_DESCRIPTION,
  SLOT_DESCRIPTIONS,
  countQuestions,
  countSentences,
  forgeProof,
  reportInstructions,
  reportRetryText,
  turnInstructions,
  turnRetryText,
} from '../coach/prompts';
import { SLOT_NAMES, type SlotName, type Slots } from '../coach/agenda';
import { ReportDraftSchema, type ReportDraft } from '../coach/report';
import { textForModel, type Turn } from '../coach/transcript';

/** Newest Sonnet alias the installed SDK lists: strong enough, quick enough for chat. */
export const DEFAULT_COACH_MODEL = 'claude-sonnet-5-5';
/** SDK retries after the first attempt, for 408/409/429/5xx/529 and connection errors. */
export const DEFAULT_MAX_RETRIES = 2;
/** Per attempt. A coaching turn should never keep someone waiting for minutes. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Longest reply accepted; two honest sentences fit easily, an essay does not. */
const MAX_REPLY_CHARS = 600;
const MAX_SENTENCES = 2;
/** Headroom for models that think before answering (thinking counts toward max_tokens). */
const TURN_MAX_TOKENS = 1024;
const REPORT_MAX_TOKENS = 8192;

/** The transcript's breakpoint: the next turn comes within minutes or not at all. */
const EPHEMERAL: Anthropic.CacheControlEphemeral = { type: 'ephemeral' };
/** The stable prefix's: shared by everyone, and people often answer after more than five minutes. */
const ONE_HOUR: Anthropic.CacheControlEphemeral = { type: 'ephemeral', ttl: '1h' };
/** Longest slot value accepted: one sentence, not the transcript. */
const MAX_SLOT_CHARS = 400;

export interface ClaudeCoachOptions {
  apiKey: string;
  /** Passed to the SDK when given; otherwise the SDK reads ANTHROPIC_BASE_URL itself. */
  baseURL?: string;
  model?: string;
  logger: Logger;
  maxRetries?: number;
  timeoutMs?: number;
  /** The instruction block's nonce; tests fix it (to guess it). Default: 12 random bytes, hex. */
  nonce?: () => string;
  /** Counts each API call, its latency and tokens (the operator's /metrics). */
  meter?: ModelMeter;
}

/** A slot the model left empty or null is a slot it did not fill. */
const SlotValue = z
  .string()
  .trim()
  .max(MAX_SLOT_CHARS)
  .nullish()
  .transform((v) => (v ? v : undefined));

const CoachTurnInputSchema = z.object({
  heard: z.string().max(MAX_REPLY_CHARS).nullish().transform((v) => v ?? ''),
  slots: z
    .object(Object.fromEntries(SLOT_NAMES.map((s) => [s, SlotValue])) as Record<SlotName, typeof SlotValue>)
    .nullish()
    .transform((v): Slots => Object.fromEntries(Object.entries(v ?? {}).filter(([, value]) => value !== undefined))),
  declined: z.array(z.enum(SLOT_NAMES)).max(SLOT_NAMES.length).nullish().transform((v) => v ?? []),
  reply: z.string().trim().min(1).max(MAX_REPLY_CHARS),
});

type Operation = 'turn' | 'report';

/** Stable: the same JSON on every request, so tools + system stay one cached prefix. */
function buildTools(): Anthropic.Tool[] {
  const { $schema: _ignored, ...reportSchema } = z.toJSONSchema(ReportDraftSchema, { io: 'input' }) as Record<string, unknown>;
  return [
    {
      name: COACH_TURN_TOOL,
      description: COACH_TURN_TOOL_DESCRIPTION,
      input_schema: {
        type: 'object',
        // Reply last: the model writes it after it has said what it heard and filled.
        properties: {
          heard: { type: 'string', description: COACH_TURN_HEARD_DESCRIPTION },
          slots: {
            type: 'object',
            description: COACH_TURN_SLOTS_DESCRIPTION,
            properties: Object.fromEntries(SLOT_NAMES.map((slot) => [slot, { type: 'string', description: SLOT_DESCRIPTIONS[slot] }])),
            additionalProperties: false,
          },
          declined: { type: 'array', description: COACH_TURN_DECLINED_DESCRIPTION, items: { type: 'string', enum: [...SLOT_NAMES] } },
          reply: { type: 'string', description: COACH_TURN_REPLY_DESCRIPTION },
        },
        required: ['heard', 'slots', 'declined', 'reply'],
      },
    },
    {
      name: WRITE_REPORT_TOOL,
      description: WRITE_REPORT_TOOL_DESCRIPTION,
      input_schema: { ...reportSchema, type: 'object' },
    },
  ];
}

/**
 * The stored conversation as Messages API turns: person → user, coach →
 * assistant; consecutive messages of one side become one turn (one text block
 * each); a conversation opened by the coach gets a stand-in user turn first.
 * The last transcript block carries the cache breakpoint, and the app's
 * instructions follow it, outside the cached prefix.
 */
export function buildMessages(transcript: Turn[], instructions: string): Anthropic.MessageParam[] {
  const turns: Array<{ role: 'user' | 'assistant'; content: Anthropic.TextBlockParam[] }> = [];
  for (const turn of transcript) {
    // Neither side can open or close the app's instruction block (the coach's text quotes the person's).
    const text = forgeProof(turn.role === 'person' ? textForModel(turn.text) : turn.text);
    // The API rejects empty text blocks; an empty message says nothing anyway.
    if (!text.trim()) continue;
    const role = turn.role === 'person' ? 'user' : 'assistant';
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content.push({ type: 'text', text });
    else turns.push({ role, content: [{ type: 'text', text }] });
  }
  if (turns[0]?.role === 'assistant') turns.unshift({ role: 'user', content: [{ type: 'text', text: COACH_OPENED_NOTE }] });

  const lastTurn = turns[turns.length - 1];
  const lastBlock = lastTurn?.content[lastTurn.content.length - 1];
  if (lastBlock) lastBlock.cache_control = EPHEMERAL;

  const instructionBlock: Anthropic.TextBlockParam = { type: 'text', text: instructions };
  if (lastTurn?.role === 'user') lastTurn.content.push(instructionBlock);
  else turns.push({ role: 'user', content: [instructionBlock] });
  return turns;
}

/**
 * The model's answer as request content, for the validation retry: its text,
 * its thinking and the one tool call we answer (any other tool call would need
 * a result of its own).
 */
function echo(content: Anthropic.ContentBlock[], toolUseId: string): Anthropic.ContentBlockParam[] {
  return content.flatMap((block): Anthropic.ContentBlockParam[] => {
    switch (block.type) {
      case 'text':
        return block.text.trim() ? [{ type: 'text', text: block.text }] : [];
      case 'tool_use':
        return block.id === toolUseId ? [{ type: 'tool_use', id: block.id, name: block.name, input: block.input }] : [];
      // Thinking blocks must go back unchanged next to their tool call.
      case 'thinking':
        return [{ type: 'thinking', thinking: block.thinking, signature: block.signature }];
      case 'redacted_thinking':
        return [{ type: 'redacted_thinking', data: block.data }];
      default:
        return [];
    }
  });
}

/** Issue paths and messages for the model. Schema words only: zod does not quote the input. */
function describeIssues(error: z.ZodError): { text: string; paths: string } {
  const issues = error.issues.slice(0, 20);
  const path = (i: z.core.$ZodIssue) => (i.path.length > 0 ? i.path.join('.') : '(root)');
  return {
    text: issues.map((i) => `- ${path(i)}: ${i.message}`).join('\n'),
    paths: issues.map(path).join(',').slice(0, 300),
  };
}

/**
 * Claude sometimes sends a nested object of a large schema as a JSON string;
 * reading it back is cheaper than a retry.
 */
function unstringifyObjects(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return input;
  return Object.fromEntries(
    Object.entries(input).map(([key, value]) => {
      if (key !== 'title' && typeof value === 'string' && /^\s*[[{]/.test(value)) {
        try {
          return [key, JSON.parse(value) as unknown];
        } catch {
          return [key, value];
        }
      }
      return [key, value];
    }),
  );
}

type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; problem: 'no_tool_use' | 'schema'; text: string; paths?: string; toolUseId?: string };

function parseToolInput<T>(message: Anthropic.Message, tool: string, schema: z.ZodType<T>, prepare = (i: unknown) => i): Parsed<T> {
  const call = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === tool);
  if (!call) return { ok: false, problem: 'no_tool_use', text: `- You did not call ${tool}.` };
  const result = schema.safeParse(prepare(call.input));
  if (result.success) return { ok: true, value: result.data };
  const { text, paths } = describeIssues(result.error);
  return { ok: false, problem: 'schema', text, paths, toolUseId: call.id };
}

export class ClaudeCoach implements CoachModel {
  readonly name: string;
  private readonly client: Anthropic;
  private readonly logger: Logger;
  private readonly meter: ModelMeter | undefined;
  private readonly system: Anthropic.TextBlockParam[];
  private readonly tools: Anthropic.Tool[];
  private readonly nonce: () => string;

  constructor(options: ClaudeCoachOptions) {
    if (!options.apiKey) throw new AppError('anthropic_key_missing', 'ClaudeCoach needs an Anthropic API key');
    this.name = options.model ?? DEFAULT_COACH_MODEL;
    this.logger = options.logger;
    this.meter = options.meter;
    const logger = options.logger;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // A span per API call with the GenAI attributes when a tracer provider is registered
      // (src/observability/tracing.ts), and never the prompt or the reply, whatever the environment says.
      openTelemetry: { traces: { enabled: true, contentMode: 'metadata_only' } },
      // The SDK's own lines can carry request details; keep only that they happened.
      logLevel: 'warn',
      logger: {
        error: () => logger.warn('anthropic_sdk_error'),
        warn: () => logger.warn('anthropic_sdk_warning'),
        info: () => undefined,
        debug: () => undefined,
      },
    });
    // The breakpoint on the system block caches tools + system: the prefix every request shares.
    this.system = [{ type: 'text', text: COACH_SYSTEM_PROMPT, cache_control: ONE_HOUR }];
    this.tools = buildTools();
    this.nonce = options.nonce ?? (() => randomBytes(12).toString('hex'));
  }

  /** The request's stable prefix, as sent: the same bytes for every person and turn. */
  stablePrefix(): { system: Anthropic.TextBlockParam[]; tools: Anthropic.Tool[] } {
    return { system: this.system, tools: this.tools };
  }

  async nextTurn(request: CoachTurnRequest): Promise<CoachTurn> {
    const messages = buildMessages(request.transcript, turnInstructions(request, this.nonce()));
    const input = await this.callTool('turn', COACH_TURN_TOOL, messages, TURN_MAX_TOKENS, CoachTurnInputSchema, turnRetryText);
    const sentences = countSentences(input.reply);
    const questions = countQuestions(input.reply);
    // Kept, not trimmed: cutting at two sentences could drop the question itself,
    // which is the one part of the turn that must reach the person.
    if (sentences > MAX_SENTENCES || questions > 1) {
      this.logger.warn('coach_turn_long', { model: this.name, sentences, questions, chars: input.reply.length });
    }
    if (input.heard && !request.transcript.some((t) => t.role === 'person' && normalised(t.text).includes(normalised(input.heard)))) {
      this.logger.warn('coach_heard_unquoted', { model: this.name, chars: input.heard.length });
    }
    return { heard: input.heard, slots: input.slots, declined: input.declined, reply: input.reply };
  }

  async writeReport(request: ReportRequest): Promise<ReportDraft> {
    const messages = buildMessages(request.transcript, reportInstructions(request, this.nonce()));
    return this.callTool('report', WRITE_REPORT_TOOL, messages, REPORT_MAX_TOKENS, ReportDraftSchema, reportRetryText, unstringifyObjects);
  }

  /** One forced tool call, validated; one retry that shows the model what was wrong. */
  private async callTool<T>(
    op: Operation,
    tool: string,
    messages: Anthropic.MessageParam[],
    maxTokens: number,
    schema: z.ZodType<T>,
    retryText: (problems: string) => string,
    prepare?: (input: unknown) => unknown,
  ): Promise<T> {
    let conversation = messages;
    for (let attempt = 1; attempt <= 2; attempt++) {
      const message = await this.call(op, attempt, {
        model: this.name,
        max_tokens: maxTokens,
        system: this.system,
        tools: this.tools,
        tool_choice: { type: 'tool', name: tool },
        messages: conversation,
      });
      const parsed = parseToolInput(message, tool, schema, prepare);
      if (parsed.ok) return parsed.value;
      this.logger.warn('model_invalid_output', {
        model: this.name,
        op,
        attempt,
        problem: parsed.problem,
        paths: parsed.paths,
        stop_reason: message.stop_reason ?? undefined,
      });
      conversation = withRetry(messages, message, parsed.toolUseId, retryText(parsed.text));
    }
    throw new CoachModelError('model_invalid_output', `Claude's ${op} did not pass validation after one retry`);
  }

  private async call(op: Operation, attempt: number, params: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
    const started = Date.now();
    let message: Anthropic.Message;
    try {
      message = await this.client.messages.create(params);
    } catch (error) {
      this.meter?.modelCall({ model: this.name, op, outcome: 'failed', seconds: (Date.now() - started) / 1000 });
      throw this.unavailable(op, attempt, error, Date.now() - started);
    }
    const usage = message.usage;
    this.meter?.modelCall({
      model: this.name,
      op,
      outcome: 'ok',
      seconds: (Date.now() - started) / 1000,
      usage: {
        input: usage.input_tokens,
        output: usage.output_tokens,
        cacheRead: usage.cache_read_input_tokens ?? 0,
        cacheWrite: usage.cache_creation_input_tokens ?? 0,
      },
    });
    this.logger.info('model_call', {
      model: this.name,
      op,
      attempt,
      ms: Date.now() - started,
      stop_reason: message.stop_reason ?? undefined,
      input_tokens: usage.input_tokens,
      output_tokens: usage.output_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
    });
    return message;
  }

  /**
   * Everything the SDK gave up on (after its own retries) is "unavailable" to
   * the coach: the caller falls back either way. The message is ours, never
   * the API's, which can quote the request.
   */
  private unavailable(op: Operation, attempt: number, error: unknown, ms: number): CoachModelError {
    const kind =
      error instanceof Anthropic.APIConnectionTimeoutError
        ? 'timeout'
        : error instanceof Anthropic.APIConnectionError
          ? 'connection'
          : error instanceof Anthropic.APIError
            ? 'http'
            : 'client';
    const status = error instanceof Anthropic.APIError && typeof error.status === 'number' ? error.status : undefined;
    const errorType = error instanceof Anthropic.APIError ? (error.type ?? undefined) : undefined;
    this.logger.warn('model_call_failed', { model: this.name, op, attempt, ms, kind, error_type: errorType, ...errorFields(error), status });
    const what = status ? `HTTP ${status}${errorType ? ` ${errorType}` : ''}` : kind;
    return new CoachModelError('model_unavailable', `Claude API ${op} call failed (${what})`, status);
  }
}

/** For "is this phrase in what they wrote": case, spacing and quote marks aside. */
function normalised(text: string): string {
  return text.toLowerCase().replace(/["“”'‘’«»„]/g, '').replace(/\s+/g, ' ').trim();
}

/** The first request plus the model's answer and the validation error. */
function withRetry(
  messages: Anthropic.MessageParam[],
  answer: Anthropic.Message,
  toolUseId: string | undefined,
  problems: string,
): Anthropic.MessageParam[] {
  if (toolUseId) {
    return [
      ...messages,
      { role: 'assistant', content: echo(answer.content, toolUseId) },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, is_error: true, content: problems }] },
    ];
  }
  // No tool call to answer: say it in the last user turn (the request always ends with one).
  const copy = messages.slice();
  const last = copy[copy.length - 1];
  if (last && last.role === 'user' && Array.isArray(last.content)) {
    copy[copy.length - 1] = { role: 'user', content: [...last.content, { type: 'text', text: problems }] };
  } else {
    copy.push({ role: 'user', content: [{ type: 'text', text: problems }] });
  }
  return copy;
}

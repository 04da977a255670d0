/**
 * A validator that refuses what Slack refuses, with Slack's own error codes
 * and wording, built on Slack's published limits (./slack-limits.ts) and
 * nothing of the product's. The fake Slack Web API runs every message and
 * view through it; the renderer tests check what the renderers make against
 * it too, so a renderer and its check cannot share a wrong number.
 *
 * What real Slack answers (from Slack's docs and reported API responses):
 * - chat.postMessage / chat.update / chat.postEphemeral with a block that
 *   breaks the schema, including more than 50 blocks, answer `invalid_blocks`
 *   with `errors: ["no more than 50 items allowed [json-pointer:/blocks]"]`
 *   and the same lines, prefixed "[ERROR] ", in `response_metadata.messages`.
 *   (There is no `too_many_blocks` from chat.postMessage.)
 * - `blocks` that is not a JSON array: `invalid_blocks_format`.
 * - `text` over 40,000 characters: `msg_too_long`.
 * - neither text nor blocks: `no_text`.
 * - blocks that are too long in total although each block is within its own
 *   limit: `msg_blocks_too_long` (MEASURED_MESSAGE_BLOCKS_TOTAL).
 * - views.publish / views.open with a bad view: `invalid_arguments`, with the
 *   details only in `response_metadata.messages`, pointers under `/view`.
 */
import { MEASURED_MESSAGE_BLOCKS_TOTAL, SLACK_LIMITS as L } from './slack-limits';

// --- Validation ---------------------------------------------------------------

export type SlackErrorCode =
  | 'invalid_blocks'
  | 'invalid_blocks_format'
  | 'msg_too_long'
  | 'msg_blocks_too_long'
  | 'no_text'
  | 'invalid_arguments';

export interface Violation {
  code: SlackErrorCode;
  /** Slack's wording, e.g. "must be less than 3001 characters". */
  message: string;
  /** JSON pointer to the offending value, e.g. "/blocks/0/text/text". */
  pointer: string;
}

export interface MessageInput {
  text?: unknown;
  blocks?: unknown;
}

type Surface = 'message' | 'home' | 'modal';

/** Every violation in a message as chat.postMessage would see it; empty when Slack would accept it. */
export function validateMessage(message: MessageInput): Violation[] {
  const out: Violation[] = [];
  const { text, blocks } = message;
  const hasText = typeof text === 'string' && text.length > 0;
  if (text !== undefined && typeof text !== 'string') {
    out.push({ code: 'invalid_arguments', message: 'must be a string', pointer: '/text' });
  }
  if (blocks !== undefined && !Array.isArray(blocks)) {
    out.push({ code: 'invalid_blocks_format', message: 'must be a JSON array', pointer: '/blocks' });
    return out;
  }
  if (!hasText && (blocks === undefined || blocks.length === 0)) {
    out.push({ code: 'no_text', message: 'must provide text or blocks', pointer: '' });
    return out;
  }
  if (typeof text === 'string' && text.length > L.message.text.max) {
    out.push({ code: 'msg_too_long', message: tooLong(L.message.text.max), pointer: '/text' });
  }
  if (blocks) {
    const before = out.length;
    checkBlocks(new Checker('invalid_blocks', out), blocks, '/blocks', 'message', L.message.blocks.max);
    if (out.length === before && !withinMeasuredTotal(blocks)) {
      out.push({ code: 'msg_blocks_too_long', message: 'msg blocks too long', pointer: '/blocks' });
    }
  }
  return out;
}

/** Every violation in a view (Home tab or modal) as views.publish / views.open would see it. */
export function validateView(view: unknown): Violation[] {
  const out: Violation[] = [];
  const c = new Checker('invalid_arguments', out);
  const ptr = '/view';
  if (!isObject(view)) {
    c.fail(ptr, 'must be an object');
    return out;
  }
  if (view.type !== 'home' && view.type !== 'modal') {
    c.fail(`${ptr}/type`, view.type === undefined ? 'missing required field: type' : 'must be one of: home, modal');
    return out;
  }
  const surface: Surface = view.type;
  const common = ['type', 'blocks', 'private_metadata', 'callback_id', 'external_id'];
  const modal = ['title', 'submit', 'close', 'clear_on_close', 'notify_on_close', 'submit_disabled'];
  checkProps(c, view, ptr, surface === 'modal' ? [...common, ...modal] : common, ['blocks']);
  checkOptionalString(c, view.private_metadata, `${ptr}/private_metadata`, L.view.privateMetadata.max, 0);
  checkOptionalString(c, view.callback_id, `${ptr}/callback_id`, L.view.callbackId.max, 0);
  checkOptionalString(c, view.external_id, `${ptr}/external_id`, L.view.externalId.max, 0);
  if (surface === 'modal') {
    if (view.title === undefined) c.fail(`${ptr}/title`, 'missing required field: title');
    else checkText(c, view.title, `${ptr}/title`, L.view.modalTitle.max, PLAIN);
    if (view.submit !== undefined) checkText(c, view.submit, `${ptr}/submit`, L.view.modalButton.max, PLAIN);
    if (view.close !== undefined) checkText(c, view.close, `${ptr}/close`, L.view.modalButton.max, PLAIN);
    const blocks = view.blocks;
    if (Array.isArray(blocks) && view.submit === undefined) {
      blocks.forEach((block, i) => {
        if (isObject(block) && block.type === 'input') {
          c.fail(`${ptr}/blocks/${i}/input`, 'must define `submit` to use an `input` block in modals');
        }
      });
    }
  }
  if (view.blocks !== undefined) checkBlocks(c, view.blocks, `${ptr}/blocks`, surface, L.view.blocks.max);
  return out;
}

/**
 * The measured `msg_blocks_too_long` rule (MEASURED_MESSAGE_BLOCKS_TOTAL):
 * the characters of every `text` string in the blocks, plus the cost of each
 * block after the first, must not pass what one block may carry.
 */
export function withinMeasuredTotal(blocks: readonly unknown[]): boolean {
  const { singleBlockText, perFurtherBlock } = MEASURED_MESSAGE_BLOCKS_TOTAL;
  let characters = 0;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'text' && typeof child === 'string') characters += child.length;
        else visit(child);
      }
    }
  };
  visit(blocks);
  return characters + perFurtherBlock * Math.max(0, blocks.length - 1) <= singleBlockText;
}

/** A Slack error line: "must be less than 3001 characters [json-pointer:/blocks/0/text/text]". */
export function formatViolation(violation: Violation): string {
  return `${violation.message} [json-pointer:${violation.pointer}]`;
}

/** Slack's order of precedence when several codes apply: the request's shape first, then content, then size. */
const PRECEDENCE: readonly SlackErrorCode[] = [
  'invalid_blocks_format',
  'no_text',
  'invalid_arguments',
  'invalid_blocks',
  'msg_blocks_too_long',
  'msg_too_long',
];

export interface SlackErrorResponse {
  ok: false;
  error: SlackErrorCode;
  errors?: string[];
  response_metadata: { messages: string[] };
}

/** The body Slack answers with for these violations (which must not be empty). */
export function toSlackErrorResponse(violations: readonly Violation[]): SlackErrorResponse {
  const first = [...violations].sort((a, b) => PRECEDENCE.indexOf(a.code) - PRECEDENCE.indexOf(b.code))[0];
  if (!first) throw new RangeError('toSlackErrorResponse: no violations');
  const lines = violations.filter((v) => v.code === first.code).map(formatViolation);
  return {
    ok: false,
    error: first.code,
    // chat.* methods list the lines under `errors` as well; views.* only in response_metadata.
    ...(first.code === 'invalid_blocks' ? { errors: lines } : {}),
    response_metadata: { messages: lines.map((line) => `[ERROR] ${line}`) },
  };
}

// --- The checker ------------------------------------------------------------------

class Checker {
  constructor(
    readonly code: SlackErrorCode,
    readonly out: Violation[],
  ) {}
  fail(pointer: string, message: string): void {
    this.out.push({ code: this.code, message, pointer });
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tooLong(max: number): string {
  return `must be less than ${max + 1} characters`;
}

/** Unknown properties are refused, as Slack does ("invalid additional property"), which catches typos like `imageUrl`. */
function checkProps(c: Checker, obj: Json, ptr: string, allowed: readonly string[], required: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) c.fail(`${ptr}/${key}`, `invalid additional property: ${key}`);
  }
  for (const key of required) {
    if (obj[key] === undefined) c.fail(`${ptr}/${key}`, `missing required field: ${key}`);
  }
}

function checkString(c: Checker, value: unknown, ptr: string, max: number, min = 1): value is string {
  if (typeof value !== 'string') {
    c.fail(ptr, 'must be a string');
    return false;
  }
  if (value.length < min) c.fail(ptr, `must be more than ${min - 1} characters`);
  if (value.length > max) c.fail(ptr, tooLong(max));
  return true;
}

function checkOptionalString(c: Checker, value: unknown, ptr: string, max: number, min = 1): void {
  if (value !== undefined) checkString(c, value, ptr, max, min);
}

function checkBoolean(c: Checker, value: unknown, ptr: string): void {
  if (value !== undefined && typeof value !== 'boolean') c.fail(ptr, 'must be a boolean');
}

function checkArray(c: Checker, value: unknown, ptr: string, max: number, min = 1): value is unknown[] {
  if (!Array.isArray(value)) {
    c.fail(ptr, 'must be an array');
    return false;
  }
  if (value.length < min) c.fail(ptr, `must provide at least ${min} items`);
  if (value.length > max) c.fail(ptr, `no more than ${max} items allowed`);
  return true;
}

const PLAIN = ['plain_text'] as const;
const ANY_TEXT = ['plain_text', 'mrkdwn'] as const;

/** A text object: `{ type: 'plain_text' | 'mrkdwn', text, emoji?, verbatim? }`. */
function checkText(c: Checker, value: unknown, ptr: string, max: number, types: readonly string[]): void {
  if (!isObject(value)) {
    c.fail(ptr, 'must be an object');
    return;
  }
  if (typeof value.type !== 'string' || !types.includes(value.type)) {
    c.fail(`${ptr}/type`, `must be one of: ${types.join(', ')}`);
    return;
  }
  checkProps(c, value, ptr, value.type === 'plain_text' ? ['type', 'text', 'emoji'] : ['type', 'text', 'verbatim'], ['text']);
  if (value.text !== undefined) checkString(c, value.text, `${ptr}/text`, max);
  checkBoolean(c, value.emoji, `${ptr}/emoji`);
  checkBoolean(c, value.verbatim, `${ptr}/verbatim`);
}

function checkBlocks(c: Checker, blocks: unknown, ptr: string, surface: Surface, max: number): void {
  if (!Array.isArray(blocks)) {
    c.fail(ptr, 'must be an array');
    return;
  }
  if (blocks.length > max) c.fail(ptr, `no more than ${max} items allowed`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `${ptr}/${i}`;
    if (!isObject(block)) {
      c.fail(at, 'must be an object');
      return;
    }
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) c.fail(`${at}/block_id`, `duplicate block_id: ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    checkOptionalString(c, block.block_id, `${at}/block_id`, L.blockId.max);
    const check = typeof block.type === 'string' ? BLOCKS[block.type] : undefined;
    if (!check || (block.type === 'markdown' && surface !== 'message')) {
      c.fail(`${at}/type`, block.type === undefined ? 'missing required field: type' : `unsupported type: ${typeof block.type === 'string' ? block.type : JSON.stringify(block.type)}`);
      return;
    }
    check(c, block, at);
  });
}

type Check = (c: Checker, value: Json, ptr: string) => void;

const BLOCKS: Record<string, Check> = {
  header(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'text'], ['text']);
    if (b.text !== undefined) checkText(c, b.text, `${p}/text`, L.header.text.max, PLAIN);
  },
  divider(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id'], []);
  },
  section(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'text', 'fields', 'accessory', 'expand'], []);
    if (b.text === undefined && b.fields === undefined) c.fail(`${p}/text`, 'must provide either text or fields');
    if (b.text !== undefined) checkText(c, b.text, `${p}/text`, L.section.text.max, ANY_TEXT);
    if (b.fields !== undefined && checkArray(c, b.fields, `${p}/fields`, L.section.fields.max)) {
      b.fields.forEach((field, i) => checkText(c, field, `${p}/fields/${i}`, L.section.fieldText.max, ANY_TEXT));
    }
    if (b.accessory !== undefined) checkElement(c, b.accessory, `${p}/accessory`, SECTION_ACCESSORIES);
    checkBoolean(c, b.expand, `${p}/expand`);
  },
  context(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'elements'], ['elements']);
    if (b.elements === undefined || !checkArray(c, b.elements, `${p}/elements`, L.context.elements.max)) return;
    b.elements.forEach((element, i) => {
      const at = `${p}/elements/${i}`;
      if (isObject(element) && element.type === 'image') checkElement(c, element, at, ['image']);
      else checkText(c, element, at, L.textObject.max, ANY_TEXT);
    });
  },
  actions(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'elements'], ['elements']);
    if (b.elements === undefined || !checkArray(c, b.elements, `${p}/elements`, L.actions.elements.max)) return;
    const actionIds = new Set<string>();
    b.elements.forEach((element, i) => {
      checkElement(c, element, `${p}/elements/${i}`, ACTIONS_ELEMENTS);
      if (isObject(element) && typeof element.action_id === 'string') {
        if (actionIds.has(element.action_id)) c.fail(`${p}/elements/${i}/action_id`, `duplicate action_id: ${element.action_id}`);
        actionIds.add(element.action_id);
      }
    });
  },
  input(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'label', 'element', 'hint', 'optional', 'dispatch_action'], ['label', 'element']);
    if (b.label !== undefined) checkText(c, b.label, `${p}/label`, L.input.label.max, PLAIN);
    if (b.hint !== undefined) checkText(c, b.hint, `${p}/hint`, L.input.hint.max, PLAIN);
    if (b.element !== undefined) checkElement(c, b.element, `${p}/element`, INPUT_ELEMENTS);
    checkBoolean(c, b.optional, `${p}/optional`);
    checkBoolean(c, b.dispatch_action, `${p}/dispatch_action`);
  },
  image(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'image_url', 'slack_file', 'alt_text', 'title'], ['alt_text']);
    checkImageSource(c, b, p);
    if (b.alt_text !== undefined) checkString(c, b.alt_text, `${p}/alt_text`, L.image.altText.max);
    if (b.title !== undefined) checkText(c, b.title, `${p}/title`, L.image.title.max, PLAIN);
  },
  markdown(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'text'], ['text']);
    if (b.text !== undefined) checkString(c, b.text, `${p}/text`, L.markdown.text.max);
  },
  rich_text(c, b, p) {
    checkProps(c, b, p, ['type', 'block_id', 'elements'], ['elements']);
    if (b.elements === undefined || !checkArray(c, b.elements, `${p}/elements`, Number.MAX_SAFE_INTEGER)) return;
    b.elements.forEach((element, i) => checkRichTextContainer(c, element, `${p}/elements/${i}`));
  },
};

function checkImageSource(c: Checker, value: Json, ptr: string): void {
  if (value.image_url === undefined && value.slack_file === undefined) c.fail(`${ptr}/image_url`, 'must provide either image_url or slack_file');
  if (value.image_url !== undefined) checkString(c, value.image_url, `${ptr}/image_url`, L.image.imageUrl.max);
  if (value.slack_file !== undefined && !isObject(value.slack_file)) c.fail(`${ptr}/slack_file`, 'must be an object');
}

const RICH_TEXT_CONTAINERS = ['rich_text_section', 'rich_text_list', 'rich_text_quote', 'rich_text_preformatted'];
const RICH_TEXT_LEAVES = ['text', 'link', 'emoji', 'user', 'usergroup', 'channel', 'broadcast', 'date', 'color'];

function checkRichTextContainer(c: Checker, value: unknown, ptr: string): void {
  if (!isObject(value) || typeof value.type !== 'string' || !RICH_TEXT_CONTAINERS.includes(value.type)) {
    c.fail(`${ptr}/type`, `unsupported type: ${isObject(value) ? String(value.type) : typeof value}`);
    return;
  }
  if (!checkArray(c, value.elements, `${ptr}/elements`, Number.MAX_SAFE_INTEGER, 0)) return;
  const elements = value.elements;
  if (value.type === 'rich_text_list') {
    if (value.style !== 'bullet' && value.style !== 'ordered') c.fail(`${ptr}/style`, 'must be one of: bullet, ordered');
    elements.forEach((element, i) => checkRichTextContainer(c, element, `${ptr}/elements/${i}`));
    return;
  }
  elements.forEach((element, i) => {
    const at = `${ptr}/elements/${i}`;
    if (!isObject(element) || typeof element.type !== 'string' || !RICH_TEXT_LEAVES.includes(element.type)) {
      c.fail(`${at}/type`, `unsupported type: ${isObject(element) ? String(element.type) : typeof element}`);
      return;
    }
    if (element.type === 'text') checkString(c, element.text, `${at}/text`, Number.MAX_SAFE_INTEGER);
    if (element.type === 'link') checkString(c, element.url, `${at}/url`, L.button.url.max);
    if (element.type === 'emoji') checkString(c, element.name, `${at}/name`, 100);
    if (element.type === 'user') checkString(c, element.user_id, `${at}/user_id`, 255);
    if (element.type === 'channel') checkString(c, element.channel_id, `${at}/channel_id`, 255);
  });
}

// --- Elements ---------------------------------------------------------------------

const SECTION_ACCESSORIES = ['button', 'checkboxes', 'datepicker', 'image', 'overflow', 'static_select', 'timepicker'];
const ACTIONS_ELEMENTS = ['button', 'checkboxes', 'datepicker', 'overflow', 'static_select', 'timepicker'];
const INPUT_ELEMENTS = ['checkboxes', 'datepicker', 'plain_text_input', 'static_select', 'timepicker'];

function checkElement(c: Checker, value: unknown, ptr: string, allowed: readonly string[]): void {
  if (!isObject(value)) {
    c.fail(ptr, 'must be an object');
    return;
  }
  const check = typeof value.type === 'string' && allowed.includes(value.type) ? ELEMENTS[value.type] : undefined;
  if (!check) {
    c.fail(`${ptr}/type`, value.type === undefined ? 'missing required field: type' : `unsupported type: ${typeof value.type === 'string' ? value.type : JSON.stringify(value.type)}`);
    return;
  }
  check(c, value, ptr);
}

/** Properties every interactive element may carry. */
const INTERACTIVE = ['type', 'action_id', 'confirm', 'focus_on_load'];

function checkInteractive(c: Checker, e: Json, p: string): void {
  checkOptionalString(c, e.action_id, `${p}/action_id`, L.actionId.max);
  if (e.confirm !== undefined) checkConfirm(c, e.confirm, `${p}/confirm`);
  checkBoolean(c, e.focus_on_load, `${p}/focus_on_load`);
}

const ELEMENTS: Record<string, Check> = {
  button(c, e, p) {
    checkProps(c, e, p, [...INTERACTIVE, 'text', 'value', 'url', 'style', 'accessibility_label'], ['text']);
    checkInteractive(c, e, p);
    if (e.text !== undefined) checkText(c, e.text, `${p}/text`, L.button.text.max, PLAIN);
    checkOptionalString(c, e.value, `${p}/value`, L.button.value.max);
    checkOptionalString(c, e.url, `${p}/url`, L.button.url.max);
    checkOptionalString(c, e.accessibility_label, `${p}/accessibility_label`, L.button.accessibilityLabel.max);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') c.fail(`${p}/style`, 'must be one of: primary, danger');
  },
  static_select(c, e, p) {
    checkProps(c, e, p, [...INTERACTIVE, 'placeholder', 'options', 'option_groups', 'initial_option'], []);
    checkInteractive(c, e, p);
    if (e.placeholder !== undefined) checkText(c, e.placeholder, `${p}/placeholder`, L.placeholder.max, PLAIN);
    if (e.options === undefined && e.option_groups === undefined) c.fail(`${p}/options`, 'must provide either options or option_groups');
    if (e.options !== undefined && e.option_groups !== undefined) c.fail(`${p}/option_groups`, 'must provide only one of options or option_groups');
    if (e.options !== undefined) checkOptions(c, e.options, `${p}/options`, L.staticSelect.options.max, PLAIN);
    if (e.option_groups !== undefined && checkArray(c, e.option_groups, `${p}/option_groups`, L.staticSelect.optionGroups.max)) {
      e.option_groups.forEach((group, i) => {
        const at = `${p}/option_groups/${i}`;
        if (!isObject(group)) return c.fail(at, 'must be an object');
        checkProps(c, group, at, ['label', 'options'], ['label', 'options']);
        if (group.label !== undefined) checkText(c, group.label, `${at}/label`, L.optionGroup.label.max, PLAIN);
        if (group.options !== undefined) checkOptions(c, group.options, `${at}/options`, L.staticSelect.options.max, PLAIN);
      });
    }
    if (e.initial_option !== undefined) checkOption(c, e.initial_option, `${p}/initial_option`, PLAIN);
  },
  overflow(c, e, p) {
    checkProps(c, e, p, [...INTERACTIVE, 'options'], ['options']);
    checkInteractive(c, e, p);
    if (e.options !== undefined) checkOptions(c, e.options, `${p}/options`, L.overflow.options.max, PLAIN, true);
  },
  checkboxes(c, e, p) {
    checkProps(c, e, p, [...INTERACTIVE, 'options', 'initial_options'], ['options']);
    checkInteractive(c, e, p);
    if (e.options !== undefined) checkOptions(c, e.options, `${p}/options`, L.checkboxes.options.max, ANY_TEXT);
    if (e.initial_options !== undefined) checkOptions(c, e.initial_options, `${p}/initial_options`, L.checkboxes.options.max, ANY_TEXT);
  },
  datepicker(c, e, p) {
    checkProps(c, e, p, [...INTERACTIVE, 'initial_date', 'placeholder'], []);
    checkInteractive(c, e, p);
    if (e.placeholder !== undefined) checkText(c, e.placeholder, `${p}/placeholder`, L.placeholder.max, PLAIN);
    if (e.initial_date !== undefined && (typeof e.initial_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.initial_date))) {
      c.fail(`${p}/initial_date`, 'must match the format YYYY-MM-DD');
    }
  },
  timepicker(c, e, p) {
    checkProps(c, e, p, [...INTERACTIVE, 'initial_time', 'placeholder', 'timezone'], []);
    checkInteractive(c, e, p);
    if (e.placeholder !== undefined) checkText(c, e.placeholder, `${p}/placeholder`, L.placeholder.max, PLAIN);
    if (e.initial_time !== undefined && (typeof e.initial_time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(e.initial_time))) {
      c.fail(`${p}/initial_time`, 'must match the format HH:mm');
    }
    checkOptionalString(c, e.timezone, `${p}/timezone`, 255);
  },
  plain_text_input(c, e, p) {
    checkProps(
      c,
      e,
      p,
      [...INTERACTIVE, 'placeholder', 'initial_value', 'multiline', 'min_length', 'max_length', 'dispatch_action_config'],
      [],
    );
    checkInteractive(c, e, p);
    if (e.placeholder !== undefined) checkText(c, e.placeholder, `${p}/placeholder`, L.placeholder.max, PLAIN);
    checkOptionalString(c, e.initial_value, `${p}/initial_value`, L.plainTextInput.length.max, 0);
    checkBoolean(c, e.multiline, `${p}/multiline`);
    for (const key of ['min_length', 'max_length'] as const) {
      const n = e[key];
      if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > L.plainTextInput.length.max)) {
        c.fail(`${p}/${key}`, `must be an integer between 0 and ${L.plainTextInput.length.max}`);
      }
    }
  },
  image(c, e, p) {
    checkProps(c, e, p, ['type', 'image_url', 'slack_file', 'alt_text'], ['alt_text']);
    checkImageSource(c, e, p);
    if (e.alt_text !== undefined) checkString(c, e.alt_text, `${p}/alt_text`, L.image.altText.max);
  },
};

function checkOptions(c: Checker, value: unknown, ptr: string, max: number, textTypes: readonly string[], allowUrl = false): void {
  if (!checkArray(c, value, ptr, max)) return;
  (value).forEach((option, i) => checkOption(c, option, `${ptr}/${i}`, textTypes, allowUrl));
}

function checkOption(c: Checker, value: unknown, ptr: string, textTypes: readonly string[], allowUrl = false): void {
  if (!isObject(value)) {
    c.fail(ptr, 'must be an object');
    return;
  }
  checkProps(c, value, ptr, ['text', 'value', 'description', ...(allowUrl ? ['url'] : [])], ['text', 'value']);
  if (value.text !== undefined) checkText(c, value.text, `${ptr}/text`, L.option.text.max, textTypes);
  if (value.value !== undefined) checkString(c, value.value, `${ptr}/value`, L.option.value.max);
  if (value.description !== undefined) checkText(c, value.description, `${ptr}/description`, L.option.description.max, textTypes);
  checkOptionalString(c, value.url, `${ptr}/url`, L.button.url.max);
}

function checkConfirm(c: Checker, value: unknown, ptr: string): void {
  if (!isObject(value)) {
    c.fail(ptr, 'must be an object');
    return;
  }
  checkProps(c, value, ptr, ['title', 'text', 'confirm', 'deny', 'style'], ['title', 'text', 'confirm', 'deny']);
  if (value.title !== undefined) checkText(c, value.title, `${ptr}/title`, L.confirm.title.max, PLAIN);
  if (value.text !== undefined) checkText(c, value.text, `${ptr}/text`, L.confirm.text.max, ANY_TEXT);
  if (value.confirm !== undefined) checkText(c, value.confirm, `${ptr}/confirm`, L.confirm.button.max, PLAIN);
  if (value.deny !== undefined) checkText(c, value.deny, `${ptr}/deny`, L.confirm.button.max, PLAIN);
  if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') c.fail(`${ptr}/style`, 'must be one of: primary, danger');
}

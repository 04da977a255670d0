import { escapeHtml, safeUrl } from './html';
import { markdownToHtml } from './markdown';
import { mrkdwnToHtml, plainTextToHtml, type MrkdwnOptions } from './mrkdwn';
import { richTextToHtml } from './rich-text';

/**
 * Block Kit → HTML for the local page (https://docs.slack.dev/reference/block-kit/blocks).
 * Pure: blocks in, an HTML string out. Interactive elements carry their
 * Slack ids in data attributes (`data-action-type`, `data-action-id`,
 * `data-block-id`, `data-value`); the page turns a click or a change into a
 * `block_actions` request through the emulator. Anything of an unknown type
 * shows as a visible "[unsupported …]" marker instead of vanishing, so a
 * renderer bug is seen locally first.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

export type RenderOptions = MrkdwnOptions;

/** Slack gives a block without a `block_id` one of its own; ours is stable so the emulator can find the block again. */
export function blockIdOf(block: Json, index: number): string {
  return str(block.block_id) || `auto-block-${index}`;
}

export function actionIdOf(element: Json, index: number): string {
  return str(element.action_id) || `auto-action-${index}`;
}

export interface RenderableMessage {
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  /** Slack's `mrkdwn: false` shows `text` as typed. */
  mrkdwn?: boolean;
  /** Files shared with the message (`name`, `url_private`, `size`). */
  files?: unknown;
}

/** A message as Slack shows it: its blocks when it has any, otherwise its text as mrkdwn; then attachments. */
export function messageToHtml(message: RenderableMessage, options: RenderOptions = {}): string {
  const blocks = objects(message.blocks);
  const body = blocks.length
    ? blocksToHtml(blocks, options)
    : `<div class="bk-text">${message.mrkdwn === false ? plainTextToHtml(message.text ?? '', false) : mrkdwnToHtml(message.text ?? '', options)}</div>`;
  const attachments = objects(message.attachments).map((attachment) => attachmentToHtml(attachment, options));
  return body + attachments.join('') + objects(message.files).map(fileToHtml).join('');
}

/** What the page's confirm() asks: the dialog's title and text, as plain text. */
function confirmText(confirm: Json): string {
  const text = (value: unknown) => (isObject(value) ? str(value.text) : '');
  return [text(confirm.title), text(confirm.text)].filter(Boolean).join('\n\n');
}

/** A shared file as a link to its bytes (the fake serves them at `url_private`). */
function fileToHtml(file: Json): string {
  const name = escapeHtml(str(file.name) || str(file.title) || 'file');
  const href = safeUrl(str(file.url_private_download) || str(file.url_private));
  const size = typeof file.size === 'number' ? ` <span class="bk-file-size">${escapeHtml(formatBytes(file.size))}</span>` : '';
  const label = href ? `<a href="${escapeHtml(href)}" download>${name}</a>` : name;
  return `<div class="bk bk-file">📎 ${label}${size}</div>`;
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function blocksToHtml(blocks: unknown, options: RenderOptions = {}): string {
  return objects(blocks)
    .map((block, index) => blockToHtml(block, index, options))
    .join('');
}

export function blockToHtml(block: Json, index: number, options: RenderOptions = {}): string {
  const blockId = blockIdOf(block, index);
  const open = (cls: string) => `<div class="bk ${cls}" data-block-id="${escapeHtml(blockId)}">`;
  switch (block.type) {
    case 'header':
      return `${open('bk-header')}<h3>${textObjectToHtml(block.text, options)}</h3></div>`;
    case 'divider':
      return `${open('bk-divider')}<hr></div>`;
    case 'section': {
      const text = block.text ? `<div class="bk-section-text">${textObjectToHtml(block.text, options)}</div>` : '';
      const fields = objects(block.fields);
      const fieldsHtml = fields.length
        ? `<div class="bk-fields">${fields.map((field) => `<div class="bk-field">${textObjectToHtml(field, options)}</div>`).join('')}</div>`
        : '';
      const accessory = isObject(block.accessory)
        ? `<div class="bk-accessory">${elementToHtml(block.accessory, blockId, 0, options)}</div>`
        : '';
      return `${open('bk-section')}<div class="bk-section-body">${text}${fieldsHtml}</div>${accessory}</div>`;
    }
    case 'context':
      return `${open('bk-context')}${objects(block.elements)
        .map((element) =>
          element.type === 'image'
            ? imageHtml(element, 'bk-context-image')
            : `<span class="bk-context-item">${textObjectToHtml(element, options)}</span>`,
        )
        .join('')}</div>`;
    case 'actions':
      return `${open('bk-actions')}${objects(block.elements)
        .map((element, i) => elementToHtml(element, blockId, i, options))
        .join('')}</div>`;
    case 'input': {
      const label = isObject(block.label) ? `<div class="bk-input-label">${textObjectToHtml(block.label, options)}${block.optional ? ' <span class="bk-optional">(optional)</span>' : ''}</div>` : '';
      const hint = isObject(block.hint) ? `<div class="bk-input-hint">${textObjectToHtml(block.hint, options)}</div>` : '';
      const element = isObject(block.element) ? elementToHtml(block.element, blockId, 0, options, { dispatch: block.dispatch_action === true }) : '';
      return `${open('bk-input')}${label}${element}${hint}</div>`;
    }
    case 'image': {
      const title = isObject(block.title) ? `<div class="bk-image-title">${textObjectToHtml(block.title, options)}</div>` : '';
      return `${open('bk-image')}${title}${imageHtml(block, 'bk-image-img')}</div>`;
    }
    case 'rich_text':
      return `${open('bk-rich')}${richTextToHtml(block, options)}</div>`;
    case 'markdown':
      return `${open('bk-markdown')}${markdownToHtml(str(block.text))}</div>`;
    default:
      return `${open('bk-unsupported')}[unsupported block: ${escapeHtml(str(block.type) || 'unknown')}]</div>`;
  }
}

/** A text object: `plain_text` (escaped, `:emoji:` when it says so) or `mrkdwn`. */
export function textObjectToHtml(value: unknown, options: RenderOptions = {}): string {
  if (!isObject(value)) return '';
  const text = str(value.text);
  if (value.type === 'mrkdwn') return value.verbatim === true ? plainTextToHtml(text, false) : mrkdwnToHtml(text, options);
  return plainTextToHtml(text, value.emoji !== false);
}

interface ElementContext {
  /** Inside an `input` block, only elements with dispatch_action send block_actions. */
  dispatch?: boolean;
}

/** An interactive element (or image) with the attributes the page needs to report what the person did. */
export function elementToHtml(element: Json, blockId: string, index: number, options: RenderOptions = {}, context: ElementContext = {}): string {
  const type = str(element.type);
  const data = [
    `data-action-type="${escapeHtml(type)}"`,
    `data-action-id="${escapeHtml(actionIdOf(element, index))}"`,
    `data-block-id="${escapeHtml(blockId)}"`,
    context.dispatch === false ? 'data-dispatch="false"' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const placeholder = isObject(element.placeholder) ? plainTextToHtml(str(element.placeholder.text)) : '';
  switch (type) {
    case 'button': {
      const style = element.style === 'primary' ? ' bk-button-primary' : element.style === 'danger' ? ' bk-button-danger' : '';
      const url = safeUrl(str(element.url));
      // A confirm dialog (https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object): the page asks before it sends the click.
      const confirm = isObject(element.confirm) ? ` data-confirm="${escapeHtml(confirmText(element.confirm))}"` : '';
      return `<button type="button" class="bk-button${style}" ${data} data-value="${escapeHtml(str(element.value))}"${url ? ` data-url="${escapeHtml(url)}"` : ''}${confirm}>${textObjectToHtml(element.text, options)}</button>`;
    }
    case 'timepicker': {
      const time = /^\d{2}:\d{2}$/.test(str(element.initial_time)) ? str(element.initial_time) : '';
      return `<input type="time" class="bk-timepicker" ${data} value="${time}" aria-label="${placeholder || 'Time'}">`;
    }
    case 'datepicker': {
      const date = /^\d{4}-\d{2}-\d{2}$/.test(str(element.initial_date)) ? str(element.initial_date) : '';
      return `<input type="date" class="bk-datepicker" ${data} value="${date}" aria-label="${placeholder || 'Date'}">`;
    }
    case 'checkboxes':
    case 'radio_buttons': {
      const selected = new Set(
        (type === 'checkboxes' ? objects(element.initial_options) : isObject(element.initial_option) ? [element.initial_option] : []).map((o) => str(o.value)),
      );
      const inputType = type === 'checkboxes' ? 'checkbox' : 'radio';
      const name = `${blockId}/${actionIdOf(element, index)}`;
      const items = objects(element.options)
        .map((option) => {
          const value = str(option.value);
          const description = isObject(option.description) ? `<span class="bk-option-description">${textObjectToHtml(option.description, options)}</span>` : '';
          return `<label class="bk-option"><input type="${inputType}" name="${escapeHtml(name)}" value="${escapeHtml(value)}"${selected.has(value) ? ' checked' : ''}><span class="bk-option-text">${textObjectToHtml(option.text, options)}${description}</span></label>`;
        })
        .join('');
      return `<fieldset class="bk-${type === 'checkboxes' ? 'checkboxes' : 'radios'}" ${data}>${items}</fieldset>`;
    }
    case 'static_select':
    case 'overflow': {
      const initial = isObject(element.initial_option) ? str(element.initial_option.value) : '';
      const groups = objects(element.option_groups);
      const optionHtml = (option: Json) =>
        `<option value="${escapeHtml(str(option.value))}"${str(option.value) === initial ? ' selected' : ''}>${textObjectToHtml(option.text, { ...options })
          .replace(/<[^>]*>/g, '')}</option>`;
      const body = groups.length
        ? groups
            .map((group) => `<optgroup label="${escapeHtml(isObject(group.label) ? str(group.label.text) : '')}">${objects(group.options).map(optionHtml).join('')}</optgroup>`)
            .join('')
        : objects(element.options).map(optionHtml).join('');
      const first = type === 'overflow' ? '<option value="" selected disabled>⋯</option>' : initial ? '' : `<option value="" selected disabled>${placeholder || 'Select an option'}</option>`;
      return `<select class="bk-select${type === 'overflow' ? ' bk-overflow' : ''}" ${data}>${first}${body}</select>`;
    }
    case 'plain_text_input':
      return `<input type="text" class="bk-text-input" ${data} value="${escapeHtml(str(element.initial_value))}" placeholder="${placeholder}">`;
    case 'image':
      return imageHtml(element, 'bk-accessory-image');
    default:
      return `<span class="bk-unsupported">[unsupported element: ${escapeHtml(type || 'unknown')}]</span>`;
  }
}

function imageHtml(element: Json, cls: string): string {
  const url = safeUrl(str(element.image_url));
  const alt = escapeHtml(str(element.alt_text));
  if (!url || !/^https?:/.test(url)) return `<span class="${cls} bk-image-missing">[image: ${alt}]</span>`;
  return `<img class="${cls}" src="${escapeHtml(url)}" alt="${alt}" loading="lazy" referrerpolicy="no-referrer">`;
}

/** Legacy attachments, roughly: a coloured bar, pretext, title, text, fields, or blocks. */
function attachmentToHtml(attachment: Json, options: RenderOptions): string {
  const color = /^#?[0-9a-f]{6}$/i.test(str(attachment.color)) ? `#${str(attachment.color).replace('#', '')}` : '#dddddd';
  const parts: string[] = [];
  if (attachment.pretext) parts.push(`<div class="bk-text">${mrkdwnToHtml(str(attachment.pretext), options)}</div>`);
  if (attachment.title) parts.push(`<div class="bk-attachment-title"><b>${plainTextToHtml(str(attachment.title))}</b></div>`);
  if (attachment.text) parts.push(`<div class="bk-text">${mrkdwnToHtml(str(attachment.text), options)}</div>`);
  const fields = objects(attachment.fields);
  if (fields.length) {
    parts.push(
      `<div class="bk-fields">${fields
        .map((f) => `<div class="bk-field"><b>${plainTextToHtml(str(f.title))}</b><br>${mrkdwnToHtml(str(f.value), options)}</div>`)
        .join('')}</div>`,
    );
  }
  if (Array.isArray(attachment.blocks)) parts.push(blocksToHtml(attachment.blocks, options));
  if (!parts.length && attachment.fallback) parts.push(`<div class="bk-text">${plainTextToHtml(str(attachment.fallback))}</div>`);
  return `<div class="bk-attachment" style="border-left-color:${color}">${parts.join('')}</div>`;
}

import { EMOJI } from './emoji';
import { escapeHtml, linkHtml, safeUrl } from './html';
import type { MrkdwnOptions } from './mrkdwn';

/**
 * The `rich_text` block (https://docs.slack.dev/reference/block-kit/blocks/rich-text-block):
 * sections, lists, preformatted text and quotes, with styled text, links,
 * emoji, mentions. Its text is structured, not mrkdwn: shown exactly as
 * written, escaped for HTML and nothing else.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);

export function richTextToHtml(block: Json, options: MrkdwnOptions = {}): string {
  return `<div class="bk-rich-text">${list(block.elements)
    .map((element) => richTextElementToHtml(element, options))
    .join('')}</div>`;
}

function richTextElementToHtml(element: Json, options: MrkdwnOptions): string {
  switch (element.type) {
    case 'rich_text_section':
      return `<div class="rt-section">${inlineElements(element, options)}</div>`;
    case 'rich_text_preformatted':
      return `<pre class="mk-pre">${inlineElements(element, options, { code: true })}</pre>`;
    case 'rich_text_quote':
      return `<blockquote class="mk-quote">${inlineElements(element, options)}</blockquote>`;
    case 'rich_text_list': {
      const tag = element.style === 'ordered' ? 'ol' : 'ul';
      const indent = Math.max(0, Math.min(6, Number(element.indent) || 0));
      const start = Number(element.offset) > 0 ? ` start="${Number(element.offset) + 1}"` : '';
      const items = list(element.elements)
        .map((item) => `<li>${inlineElements(item, options)}</li>`)
        .join('');
      return `<${tag} class="mk-list rt-indent-${indent}"${start}>${items}</${tag}>`;
    }
    default:
      return `<span class="bk-unsupported">[${escapeHtml(str(element.type) || 'unknown')}]</span>`;
  }
}

function inlineElements(container: Json, options: MrkdwnOptions, context: { code?: boolean } = {}): string {
  return list(container.elements)
    .map((element) => styled(inlineElement(element, options), context.code ? undefined : element.style))
    .join('');
}

function inlineElement(element: Json, options: MrkdwnOptions): string {
  switch (element.type) {
    case 'text':
      return escapeHtml(str(element.text)).replace(/\n/g, '<br>');
    case 'link': {
      const href = safeUrl(str(element.url));
      const label = escapeHtml(str(element.text) || str(element.url));
      return href ? linkHtml(href, label) : label;
    }
    case 'emoji':
      return escapeHtml(emojiFor(element));
    case 'user': {
      const id = str(element.user_id);
      return `<span class="mk-mention">@${escapeHtml(options.userName?.(id) ?? id)}</span>`;
    }
    case 'channel':
      return `<span class="mk-mention">#${escapeHtml(str(element.channel_id))}</span>`;
    case 'usergroup':
      return `<span class="mk-mention">@${escapeHtml(str(element.usergroup_id))}</span>`;
    case 'broadcast':
      return `<span class="mk-mention mk-broadcast">@${escapeHtml(str(element.range))}</span>`;
    case 'date':
      return escapeHtml(str(element.fallback) || new Date(Number(element.timestamp) * 1000).toISOString());
    case 'color':
      return escapeHtml(str(element.value));
    default:
      return `<span class="bk-unsupported">[${escapeHtml(str(element.type) || 'unknown')}]</span>`;
  }
}

function styled(html: string, style: unknown): string {
  if (!isObject(style)) return html;
  let out = html;
  if (style.code) out = `<code class="mk-code">${out}</code>`;
  if (style.strike) out = `<s>${out}</s>`;
  if (style.italic) out = `<i>${out}</i>`;
  if (style.bold) out = `<b>${out}</b>`;
  return out;
}

function emojiFor(element: Json): string {
  const unicode = str(element.unicode);
  if (/^[0-9a-f]{2,6}(?:-[0-9a-f]{2,6})*$/i.test(unicode)) {
    try {
      return String.fromCodePoint(...unicode.split('-').map((hex) => parseInt(hex, 16)));
    } catch {
      // fall through to the name
    }
  }
  const name = str(element.name);
  return EMOJI[name] ?? `:${name}:`;
}

import { replaceEmojiShortcodes } from './emoji';
import { Fragments, linkHtml, safeUrl, slackTextToHtml, stripPlaceholders } from './html';

/**
 * Slack's mrkdwn → HTML (https://docs.slack.dev/messaging/formatting-message-text).
 *
 * Slack text arrives with `&`, `<` and `>` escaped as entities; a literal `<`
 * opens a control sequence (`<url|label>`, `<@U123>`, `<!here>`). The parser
 * first lifts out what must not be formatted (code, control sequences) as
 * finished HTML fragments, then decodes the entities once and escapes the
 * rest for HTML, and only then adds the formatting tags, so markup can only
 * ever come from this file, never from the text.
 */

export interface MrkdwnOptions {
  /** A person's name for `<@U123>`; the id is shown otherwise. */
  userName?: (id: string) => string | undefined;
}

/** A whole mrkdwn text: blocks (code, quotes, lists, paragraphs) and inline formatting. */
export function mrkdwnToHtml(text: string, options: MrkdwnOptions = {}): string {
  const source = stripPlaceholders(text).replace(/\r\n?/g, '\n');
  const out: string[] = [];
  // Code blocks first: nothing inside them is formatted, and they may sit mid-line.
  const pattern = /```([\s\S]*?)```/g;
  let last = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    out.push(linesToHtml(source.slice(last, match.index), options));
    out.push(`<pre class="mk-pre">${slackTextToHtml(trimCodeBlock(match[1] ?? ''))}</pre>`);
    last = match.index + match[0].length;
  }
  out.push(linesToHtml(source.slice(last), options));
  return out.join('');
}

/** A code block's leading and trailing newline belong to the fences, not the code. */
function trimCodeBlock(code: string): string {
  return code.replace(/^\n/, '').replace(/\n$/, '');
}

const QUOTE = /^(?:>|&gt;) ?/;
const BULLET = /^\s*([•◦▪‣*-])\s+(.*)$/;
const NUMBERED = /^\s*(\d{1,3})[.)]\s+(.*)$/;

type Group = { kind: 'p' | 'quote' | 'ul' | 'ol'; lines: string[]; start?: number };

/** Lines grouped into paragraphs, quotes and lists; each line's inline mrkdwn rendered. */
function linesToHtml(segment: string, options: MrkdwnOptions): string {
  if (!segment) return '';
  const groups: Group[] = [];
  for (const line of segment.split('\n')) {
    let kind: Group['kind'] = 'p';
    let content = line;
    let start: number | undefined;
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (QUOTE.test(line)) {
      kind = 'quote';
      content = line.replace(QUOTE, '');
    } else if (bullet) {
      kind = 'ul';
      content = bullet[2] ?? '';
    } else if (numbered) {
      kind = 'ol';
      content = numbered[2] ?? '';
      start = Number(numbered[1]);
    }
    const previous = groups[groups.length - 1];
    if (previous && previous.kind === kind) previous.lines.push(content);
    else groups.push({ kind, lines: [content], start });
  }
  return groups
    .map((group) => {
      const lines = group.lines.map((line) => inlineMrkdwnToHtml(line, options));
      switch (group.kind) {
        case 'quote':
          return `<blockquote class="mk-quote">${lines.join('<br>')}</blockquote>`;
        case 'ul':
          return `<ul class="mk-list">${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`;
        case 'ol':
          return `<ol class="mk-list" start="${group.start ?? 1}">${lines.map((l) => `<li>${l}</li>`).join('')}</ol>`;
        default:
          return `<span class="mk-p">${lines.join('<br>')}</span>`;
      }
    })
    .join('');
}

/** One line of mrkdwn: code spans, control sequences, emoji, bold, italic, strike. */
export function inlineMrkdwnToHtml(text: string, options: MrkdwnOptions = {}): string {
  const fragments = new Fragments();
  let held = stripPlaceholders(text)
    .replace(/`([^`\n]+)`/g, (_m, code: string) => fragments.hold(`<code class="mk-code">${slackTextToHtml(code)}</code>`))
    .replace(/<([^<>\n]+)>/g, (_m, inner: string) => fragments.hold(controlToHtml(inner, options)));
  held = replaceEmojiShortcodes(slackTextToHtml(held));
  return fragments.restore(applyEmphasis(held));
}

/**
 * `*bold*`, `_italic_`, `~strike~` as Slack reads them: the opening mark
 * starts the text or follows a non-word character and is followed by a
 * non-space; the closing mark follows a non-space and is not followed by a
 * word character. So `snake_case_name` and `2*3*4` stay as typed.
 */
export function applyEmphasis(html: string): string {
  return html
    .replace(/(^|[^\p{L}\p{N}_*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\p{L}\p{N}_*])/gu, '$1<b>$2</b>')
    .replace(/(^|[^\p{L}\p{N}_])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\p{L}\p{N}_])/gu, '$1<i>$2</i>')
    .replace(/(^|[^\p{L}\p{N}_~])~(?=[^\s~])([^~\n]*?[^\s~])~(?![\p{L}\p{N}_~])/gu, '$1<s>$2</s>');
}

/** A control sequence's inside (`https://x|label`, `@U123`, `!here`, `#C1|general`) → HTML. */
function controlToHtml(inner: string, options: MrkdwnOptions): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : inner.slice(bar + 1);
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = label ?? options.userName?.(id) ?? id;
    return `<span class="mk-mention">@${slackTextToHtml(name)}</span>`;
  }
  if (target.startsWith('#')) {
    return `<span class="mk-mention">#${slackTextToHtml(label ?? target.slice(1))}</span>`;
  }
  if (target.startsWith('!')) {
    const command = target.slice(1);
    if (/^(here|channel|everyone)$/.test(command)) return `<span class="mk-mention mk-broadcast">@${command}</span>`;
    if (command.startsWith('subteam^')) return `<span class="mk-mention">${slackTextToHtml(label ?? '@group')}</span>`;
    // <!date^…|fallback> and the rest: Slack shows the fallback.
    return slackTextToHtml(label ?? '');
  }
  const href = safeUrl(decodeUrl(target));
  const labelHtml = label === undefined ? slackTextToHtml(target) : replaceEmojiShortcodes(applyEmphasis(slackTextToHtml(label)));
  if (!href) return labelHtml;
  return linkHtml(href, labelHtml);
}

/** URLs in Slack text carry the same entities as the rest (`&amp;` between query parameters). */
function decodeUrl(target: string): string {
  return target.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** A plain_text object: entities decoded once, escaped, and `:emoji:` when the object asks for it. */
export function plainTextToHtml(text: string, emoji = true): string {
  const html = slackTextToHtml(stripPlaceholders(text));
  return emoji ? replaceEmojiShortcodes(html) : html;
}

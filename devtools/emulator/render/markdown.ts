import { replaceEmojiShortcodes } from './emoji';
import { Fragments, linkHtml, safeUrl, slackTextToHtml, stripPlaceholders } from './html';

/**
 * The `markdown` block's standard Markdown
 * (https://docs.slack.dev/reference/block-kit/blocks/markdown-block) → HTML:
 * headings, fenced code, quotes, lists, paragraphs; `**bold**`, `*italic*`,
 * `~~strike~~`, `` `code` ``, `[label](url)`. Raw HTML in the text is shown
 * as text, never as markup.
 */
export function markdownToHtml(text: string): string {
  const lines = stripPlaceholders(text).replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; start: number; items: string[] } | undefined;
  let quote: string[] = [];

  const flushParagraph = () => {
    if (paragraph.length) out.push(`<p class="md-p">${paragraph.map(inlineMarkdownToHtml).join('<br>')}</p>`);
    paragraph = [];
  };
  const flushList = () => {
    if (!list) return;
    const items = list.items.map((item) => `<li>${inlineMarkdownToHtml(item)}</li>`).join('');
    out.push(list.ordered ? `<ol class="mk-list" start="${list.start}">${items}</ol>` : `<ul class="mk-list">${items}</ul>`);
    list = undefined;
  };
  const flushQuote = () => {
    if (quote.length) out.push(`<blockquote class="mk-quote">${quote.map(inlineMarkdownToHtml).join('<br>')}</blockquote>`);
    quote = [];
  };
  const flushAll = () => {
    flushParagraph();
    flushList();
    flushQuote();
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      flushAll();
      const code: string[] = [];
      for (i++; i < lines.length && !(lines[i] ?? '').trim().startsWith(fence[1] ?? '```'); i++) code.push(lines[i] ?? '');
      out.push(`<pre class="mk-pre">${slackTextToHtml(code.join('\n'))}</pre>`);
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*(\d{1,9})[.)]\s+(.*)$/.exec(line);
    const quoted = /^\s*>\s?(.*)$/.exec(line);
    if (!line.trim()) {
      flushAll();
    } else if (heading) {
      flushAll();
      const level = Math.min(6, (heading[1] ?? '#').length + 2);
      out.push(`<h${level} class="md-h">${inlineMarkdownToHtml(heading[2] ?? '')}</h${level}>`);
    } else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flushAll();
      out.push('<hr class="md-hr">');
    } else if (bullet || numbered) {
      flushParagraph();
      flushQuote();
      const ordered = Boolean(numbered);
      if (list && list.ordered !== ordered) flushList();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push((bullet ? bullet[1] : numbered?.[2]) ?? '');
    } else if (quoted) {
      flushParagraph();
      flushList();
      quote.push(quoted[1] ?? '');
    } else {
      flushList();
      flushQuote();
      paragraph.push(line.trim());
    }
  }
  flushAll();
  return out.join('');
}

export function inlineMarkdownToHtml(text: string): string {
  const fragments = new Fragments();
  let held = stripPlaceholders(text)
    .replace(/`([^`\n]+)`/g, (_m, code: string) => fragments.hold(`<code class="mk-code">${slackTextToHtml(code)}</code>`))
    .replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, (_m, label: string, url: string) => {
      const href = safeUrl(url);
      const labelHtml = emphasis(slackTextToHtml(label));
      return fragments.hold(href ? linkHtml(href, labelHtml) : labelHtml);
    })
    .replace(/<((?:https?:\/\/|mailto:)[^<>\s]+)>/g, (_m, url: string) => {
      const href = safeUrl(url);
      return fragments.hold(href ? linkHtml(href, slackTextToHtml(url)) : slackTextToHtml(url));
    });
  held = replaceEmojiShortcodes(slackTextToHtml(held));
  return fragments.restore(emphasis(held));
}

function emphasis(html: string): string {
  return html
    .replace(/(\*\*|__)(?=\S)(.+?\S)\1/g, '<b>$2</b>')
    .replace(/(^|[^\p{L}\p{N}*_])([*_])(?=[^\s*_])(.*?[^\s*_])\2(?![\p{L}\p{N}*_])/gu, '$1<i>$3</i>')
    .replace(/~~(?=\S)(.+?\S)~~/g, '<s>$1</s>');
}

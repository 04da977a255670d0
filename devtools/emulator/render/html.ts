/**
 * HTML helpers for the local page's renderers. Every string that came from a
 * message (a person's words, the model's, the bot's) reaches the page only
 * through `escapeHtml`, so nothing anyone wrote can become markup or script.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text → HTML text or attribute value (quotes included, so it is safe inside either). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? ch);
}

const SLACK_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/**
 * Slack's three entities decoded, exactly once and in one pass, so `&amp;lt;`
 * shows as `&lt;` (what the person typed) and never as `<`.
 */
export function decodeSlackEntities(text: string): string {
  return text.replace(/&(?:amp|lt|gt);/g, (entity) => SLACK_ENTITIES[entity] ?? entity);
}

/** Slack text (with its entities) → escaped HTML text. */
export function slackTextToHtml(text: string): string {
  return escapeHtml(decodeSlackEntities(text));
}

const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * The URL if it is absolute and http, https or mailto; otherwise null, so
 * `javascript:`, `data:` and friends never become an href.
 */
export function safeUrl(raw: string): string | null {
  const trimmed = raw.trim();
  // Control characters and whitespace inside a scheme are how filters get fooled; refuse them outright.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (!trimmed || /[\u0000-\u001f\u007f\s]/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (!ALLOWED_SCHEMES.has(url.protocol)) return null;
  return url.href;
}

/** A link that opens outside the page and tells the target nothing about it. */
export function linkHtml(href: string, labelHtml: string): string {
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${labelHtml}</a>`;
}

/** Characters we use as placeholders while parsing; removed from input first. */
export const PLACEHOLDER_OPEN = '\uE000';
export const PLACEHOLDER_CLOSE = '\uE001';

export function stripPlaceholders(text: string): string {
  return text.replace(/[\uE000\uE001]/g, '');
}

/** Stores finished HTML fragments and hands out placeholders that survive the inline passes. */
export class Fragments {
  private readonly parts: string[] = [];

  hold(html: string): string {
    this.parts.push(html);
    return `${PLACEHOLDER_OPEN}${this.parts.length - 1}${PLACEHOLDER_CLOSE}`;
  }

  restore(text: string): string {
    // Fragments can hold fragments (a link label with code in it), so restore until none is left.
    let out = text;
    for (let i = 0; i < 5 && out.includes(PLACEHOLDER_OPEN); i++) {
      out = out.replace(/\uE000(\d+)\uE001/g, (_m, index: string) => this.parts[Number(index)] ?? '');
    }
    return out;
  }
}

/**
 * Limits and small text helpers for the report builder and the offline coach:
 * cutting without breaking characters, one-line quotes, stable variety.
 */

/** Every string field stays under this, so the renderer never splits a field absurdly. */
export const FIELD_LIMIT = 2_400;
/** One quote of the person: long enough to be recognisable, short enough to read. */
export const QUOTE_LIMIT = 280;
/** Only this much of one message is analysed; the rest stays stored. Keeps regexes cheap on pastes. */
export const ANALYSIS_WINDOW = 4_000;
export const TITLE_LIMIT = 120;

/** An end index that does not split a UTF-16 surrogate pair (an emoji cut in half is mojibake). */
function safeEnd(text: string, end: number): number {
  if (end <= 0) return 0;
  if (end >= text.length) return text.length;
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

/** A prefix for analysis: cheap, and never ends in half a surrogate pair. */
export function safeSlice(text: string, end: number): string {
  return text.slice(0, safeEnd(text, end));
}

/** Collapse whitespace: quotes and titles are one line. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// One instance: constructing a segmenter loads ICU data, and clip runs on every field.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Shorten to at most `max` UTF-16 code units (what Slack and the schema
 * count), at a word boundary when there is one in the second half, marking
 * the cut with an ellipsis. Cuts only between graphemes: half a family emoji,
 * one letter of a flag or a letter without its accent reads as garbage.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  // Whole graphemes that fit in max - 1 units, leaving room for the ellipsis.
  let hard = 0;
  let lastSpace = -1;
  // Lazy iteration: a 50,000-character paste is only segmented up to the cut.
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > max - 1) break;
    hard = index + segment.length;
    if (/^\s/.test(segment)) lastSpace = index;
  }
  const cut = lastSpace > max / 2 ? lastSpace : hard;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** FNV-1a: a stable hash, so variety comes from the input and never from randomness. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function pick<T>(items: readonly [T, ...T[]], seed: number): T {
  return items[seed % items.length] ?? items[0];
}

/** The person's words in curly quotes, one line, bounded. */
export function quote(text: string, max = QUOTE_LIMIT): string {
  const inner = clip(flatten(text).replace(/^["“”'‘’]+|["“”'‘’]+$/g, ''), max);
  return `“${inner}”`;
}

/** A quote that ends a sentence: no extra full stop after a quote that already ends in one. */
export function said(text: string, max = QUOTE_LIMIT): string {
  const q = quote(text, max);
  return /[.!?…]”$/.test(q) ? q : `${q}.`;
}

/** Up to `max` quotes, each a sentence, in order. */
export function quotes(texts: readonly string[], max = 3): string {
  return texts
    .slice(0, max)
    .map((t) => said(t))
    .join(' ');
}

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

export { clip } from '../text';
import { clip } from '../text';

/** Collapse whitespace: quotes and titles are one line. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
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

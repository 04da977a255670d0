/** Text helpers every room shares. Pure. */

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


/**
 * Text as Postgres can keep it: a NUL byte (which a `text` column refuses)
 * and a lone surrogate (half an emoji, which is not UTF-8) each become
 * U+FFFD, the replacement character, so the message is stored and coached
 * instead of refused; everything else is kept exactly as written.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD').toWellFormed();
}

/** What ends a sentence: . ! ? … and their CJK forms 。！？ (and the fullwidth ．). */
const TERMINATORS = '.!?…。！？．';
/** A run of terminators, with closing quotes or brackets, that ends a sentence: before whitespace or the end, or anywhere when CJK. */
const SENTENCE_END = new RegExp(`(?:[.!?…]+["'”’)\\]」』）]*(?=\\s|$)|[。！？．]+["'”’)\\]」』）]*)`, 'gu');

/**
 * A rough sentence count for the "two sentences at most" rule: a run of
 * . ! ? … followed by whitespace or the end closes a sentence, and 。！？
 * close one wherever they stand (Japanese puts no space after them). Good
 * enough for a warning; "e.g." may count one too many.
 */
export function countSentences(text: string): number {
  const trimmed = text.trim();
  if (!trimmed) return 0;
  const ends = trimmed.match(SENTENCE_END) ?? [];
  const last = trimmed.replace(/["'”’)\]」』）]+$/u, '').slice(-1);
  return ends.length + (TERMINATORS.includes(last) ? 0 : 1);
}

/** Question marks in the text (? and ？): "one question a turn" is checked on it. */
export function countQuestions(text: string): number {
  return (text.match(/[?？]+/gu) ?? []).length;
}

/**
 * The text's clauses, whole: pieces between sentence ends (. ! ? … 。！？)
 * and clause marks followed by a space (, ; : — –), trimmed. A colon or a
 * dot inside a word ("a 1:1", "v2.5") is not a boundary, so a clause is
 * never cut in the middle of what the person wrote.
 */
export function clauses(text: string): string[] {
  return text
    .split(/(?:[.!?…]+(?=\s|$)|[。！？；：、，]+|[,;:—–](?=\s)|\s[—–-]\s|\n+)/u)
    .map((c) => c.replace(/\s+/g, ' ').trim())
    .filter((c) => c.length > 0);
}

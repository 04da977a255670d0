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


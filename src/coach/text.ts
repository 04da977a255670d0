/** Text helpers every room shares. Pure. */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` shortened to at most `max` UTF-16 units (the unit Slack's limits and
 * String.length count), ending in "…" when cut. The cut falls between
 * graphemes, so an emoji (👨‍👩‍👧, 🇩🇪), a surrogate pair or a letter with its
 * combining marks is kept whole or left out, never split into mojibake.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const budget = Math.max(0, max - 1);
  let end = 0;
  for (const { index, segment } of graphemes.segment(text)) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}

/**
 * Splitting long text into chunks that fit Slack's per-field limits, at the
 * most natural boundary available: paragraph, then line, then sentence, then
 * word. Only a single "word" longer than the limit (a 39,000-character paste
 * with no spaces) is cut mid-word, and then never inside a grapheme (an emoji
 * stays whole) nor inside a token the caller marks as unbreakable (an escaped
 * `&amp;`).
 *
 * Contract, which the tests check as a property: every chunk is a substring
 * of the input, the chunks appear in order, and what lies between two
 * consecutive chunks is whitespace only (empty only at a hard cut). So nothing
 * is ever dropped but the whitespace at the split points. No chunk is
 * whitespace only; text with nothing but whitespace gives no chunks.
 *
 * Lengths are UTF-16 code units (`string.length`). Slack counts characters;
 * a code unit count is never smaller, so a chunk that fits here fits there.
 */

export interface SplitOptions {
  /**
   * A global regex of tokens that must never be cut in two, e.g.
   * `MRKDWN_ENTITY`. Tokens are expected to be short (at most 32 units).
   */
  keepTogether?: RegExp;
}

type BreakLevel = 'paragraph' | 'line' | 'sentence' | 'word';
const LEVELS: readonly BreakLevel[] = ['paragraph', 'line', 'sentence', 'word'];

interface Break {
  /** Where the chunk ends (exclusive): the start of the whitespace run. */
  cut: number;
  /** Where the next chunk starts: the end of the whitespace run. */
  next: number;
}

const TOKEN_REACH = 32;

export function splitText(text: string, limit: number, options: SplitOptions = {}): string[] {
  if (!Number.isInteger(limit) || limit < 2) {
    // 2, so that a surrogate pair (one emoji) always fits in a chunk.
    throw new RangeError(`splitText: limit must be an integer of at least 2, got ${limit}`);
  }
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= limit) {
      keep(chunks, text.slice(start));
      break;
    }
    const end = windowEnd(text, start, limit);
    const found = findBreak(text, start, end);
    const cut = found ? found.cut : hardCut(text, start, end, options.keepTogether);
    keep(chunks, text.slice(start, cut));
    start = found ? found.next : cut;
  }
  return chunks;
}

/** Whitespace-only chunks carry nothing, and Slack refuses empty-looking text, so they are left out. */
function keep(chunks: string[], chunk: string): void {
  if (/\S/.test(chunk)) chunks.push(chunk);
}

/** The end of the longest prefix of text[start..] within the limit, never between the halves of a surrogate pair. */
function windowEnd(text: string, start: number, limit: number): number {
  let end = start + limit;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end)) && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return end;
}

/**
 * The best whitespace break in text[start..end]. A break of a higher level
 * (paragraph before line before sentence before word) wins when it keeps the
 * chunk at least half full; otherwise the latest break of any level, so a
 * stray blank line near the start does not make a tiny chunk.
 */
function findBreak(text: string, start: number, end: number): Break | undefined {
  const latest: Partial<Record<BreakLevel, Break>> = {};
  let i = end;
  while (i > start) {
    if (i < text.length && isSpace(text.charCodeAt(i))) {
      let a = i;
      while (a - 1 > start && isSpace(text.charCodeAt(a - 1))) a -= 1;
      let b = i + 1;
      while (b < text.length && isSpace(text.charCodeAt(b))) b += 1;
      if (a > start) {
        const level = classify(text, a, b);
        latest[level] ??= { cut: a, next: b };
        if (level === 'paragraph' && a - start >= (end - start) / 2) break;
      }
      i = a - 1;
    } else {
      i -= 1;
    }
  }
  const halfway = start + (end - start) / 2;
  for (const level of LEVELS) {
    const candidate = latest[level];
    if (candidate && candidate.cut >= halfway) return candidate;
  }
  let best: Break | undefined;
  for (const level of LEVELS) {
    const candidate = latest[level];
    if (candidate && (!best || candidate.cut > best.cut)) best = candidate;
  }
  return best;
}

function classify(text: string, runStart: number, runEnd: number): BreakLevel {
  let newlines = 0;
  for (let k = runStart; k < runEnd; k += 1) if (text.charCodeAt(k) === 10) newlines += 1;
  if (newlines >= 2) return 'paragraph';
  if (newlines === 1) return 'line';
  return endsSentence(text, runStart) ? 'sentence' : 'word';
}

/** Whether the text just before `at` ends a sentence: . ! ? … optionally followed by closing quotes or brackets. */
function endsSentence(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && CLOSERS.includes(text[k] ?? '')) k -= 1;
  return k >= 0 && SENTENCE_ENDS.includes(text[k] ?? '');
}
const SENTENCE_ENDS = '.!?…';
const CLOSERS = '"\')]’”»';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * A cut inside a word too long for one chunk: at the window's end, moved back
 * to the start of the grapheme it would split and out of any unbreakable token.
 */
function hardCut(text: string, start: number, end: number, keepTogether: RegExp | undefined): number {
  let cut = end;
  const around = text.slice(start, Math.min(text.length, end + TOKEN_REACH));
  const segment = graphemes.segment(around).containing(end - start);
  if (segment && segment.index > 0 && start + segment.index < cut) cut = start + segment.index;
  if (keepTogether) {
    const from = Math.max(start, cut - TOKEN_REACH);
    const window = text.slice(from, Math.min(text.length, cut + TOKEN_REACH));
    const pattern = new RegExp(keepTogether.source, keepTogether.flags.includes('g') ? keepTogether.flags : `${keepTogether.flags}g`);
    for (const match of window.matchAll(pattern)) {
      const tokenStart = from + match.index;
      const tokenEnd = tokenStart + match[0].length;
      if (tokenStart < cut && cut < tokenEnd && tokenStart > start) cut = tokenStart;
    }
  }
  return cut > start ? cut : end;
}

function isSpace(code: number): boolean {
  // ASCII whitespace, NBSP, and the Unicode spaces people paste from documents.
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x3000;
}
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

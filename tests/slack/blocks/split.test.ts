import { splitText } from '../../../src/slack/blocks/split';
import { escapeMrkdwn, MRKDWN_ENTITY } from '../../../src/slack/mrkdwn';

/**
 * The splitter's contract: chunks are substrings of the text, in order, with
 * only whitespace between them, and none longer than the limit. So joining
 * them with the separators restores the text but for the whitespace at the
 * split points, and nothing is dropped.
 */
function expectLossless(text: string, chunks: string[], limit: number): void {
  let cursor = 0;
  for (const chunk of chunks) {
    expect(chunk.length).toBeGreaterThan(0);
    expect(chunk.length).toBeLessThanOrEqual(limit);
    expect(chunk.trim().length).toBeGreaterThan(0);
    const at = text.indexOf(chunk, cursor);
    expect(at).toBeGreaterThanOrEqual(cursor);
    expect(text.slice(cursor, at)).toMatch(/^\s*$/);
    cursor = at + chunk.length;
  }
  expect(text.slice(cursor)).toMatch(/^\s*$/);
  expect(chunks.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
}

/** A small deterministic generator, so the property runs on the same texts every time. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const WORDS = ['coach', 'crux', 'task', 'belief', '✅', '🌅', 'R&D', '<!channel>', 'a', 'supercalifragilistic', '👨‍👩‍👧', 'évaluation', '日本語'];
const SEPARATORS = [' ', ' ', ' ', '. ', '! ', '\n', '\n\n', '  ', '\t', '? ', '\u00a0'];

function randomText(rand: () => number, length: number): string {
  let text = '';
  while (text.length < length) {
    text += WORDS[Math.floor(rand() * WORDS.length)] ?? '';
    if (rand() < 0.02) text += 'x'.repeat(Math.floor(rand() * 400));
    text += SEPARATORS[Math.floor(rand() * SEPARATORS.length)] ?? ' ';
  }
  return text;
}

describe('splitText', () => {
  it('keeps text that fits as one chunk, and gives nothing for empty or blank text', () => {
    expect(splitText('Good morning, Michael! 🌅', 100)).toEqual(['Good morning, Michael! 🌅']);
    expect(splitText('', 10)).toEqual([]);
    expect(splitText('   \n\n  ', 10)).toEqual([]);
  });

  it('prefers a paragraph break, then a line, then a sentence, then a word', () => {
    const para = `${'a'.repeat(60)}. ${'b'.repeat(20)}\n${'c'.repeat(5)}\n\n${'d'.repeat(30)}`;
    expect(splitText(para, 100)).toEqual([`${'a'.repeat(60)}. ${'b'.repeat(20)}\n${'c'.repeat(5)}`, 'd'.repeat(30)]);
    const line = `${'a'.repeat(60)}. ${'b'.repeat(20)}\n${'c'.repeat(30)}`;
    expect(splitText(line, 90)).toEqual([`${'a'.repeat(60)}. ${'b'.repeat(20)}`, 'c'.repeat(30)]);
    const sentence = `${'a'.repeat(60)}. ${'b'.repeat(20)} ${'c'.repeat(30)}`;
    expect(splitText(sentence, 90)).toEqual([`${'a'.repeat(60)}.`, `${'b'.repeat(20)} ${'c'.repeat(30)}`]);
    const words = `${'a'.repeat(60)} ${'b'.repeat(20)} ${'c'.repeat(30)}`;
    expect(splitText(words, 90)).toEqual([`${'a'.repeat(60)} ${'b'.repeat(20)}`, 'c'.repeat(30)]);
  });

  it('does not make a tiny chunk for a paragraph break near the start', () => {
    const text = `Hi.\n\n${'word '.repeat(40)}`;
    const chunks = splitText(text, 100);
    expect(chunks[0]?.length).toBeGreaterThan(50);
    expectLossless(text, chunks, 100);
  });

  it('never cuts mid-word when a word boundary exists', () => {
    const text = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    const chunks = splitText(text, 77);
    for (const chunk of chunks) expect(chunk).toMatch(/^word\d+( word\d+)*$/);
    expectLossless(text, chunks, 77);
  });

  it('hard-splits a single word longer than the limit: a 39,000-character paste with no spaces', () => {
    const text = 'x'.repeat(39_000);
    const chunks = splitText(text, 3_000);
    expect(chunks).toHaveLength(13);
    expect(chunks.join('')).toBe(text);
  });

  it('never cuts an emoji or a grapheme cluster in two', () => {
    const text = '🌅'.repeat(1_000) + '👨‍👩‍👧'.repeat(300);
    const chunks = splitText(text, 101);
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(101);
      expect(chunk).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
      expect(chunk).not.toMatch(/^\u200d|\u200d$/);
    }
  });

  it('never cuts an escaped entity in two', () => {
    const text = escapeMrkdwn('<&>'.repeat(5_000));
    const chunks = splitText(text, 3_000, { keepTogether: MRKDWN_ENTITY });
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) expect(chunk.replace(MRKDWN_ENTITY, '')).toBe('');
  });

  it('refuses a limit too small to hold an emoji', () => {
    expect(() => splitText('abc', 1)).toThrow(RangeError);
    expect(() => splitText('abc', 2.5)).toThrow(RangeError);
  });

  it('is lossless on random texts of every shape (property)', () => {
    const rand = random(42);
    for (let run = 0; run < 200; run += 1) {
      const limit = 2 + Math.floor(rand() * 300);
      const text = randomText(rand, Math.floor(rand() * 3_000));
      const escaped = escapeMrkdwn(text);
      const chunks = splitText(escaped, Math.max(limit, 8), { keepTogether: MRKDWN_ENTITY });
      expectLossless(escaped, chunks, Math.max(limit, 8));
      for (const chunk of chunks) expect(chunk).not.toMatch(/&(?:a|am|amp|l|lt|g|gt)$/);
    }
  });
});

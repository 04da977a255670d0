import { clauses, clip, countQuestions, countSentences, storableText } from '../../src/coach/text';

const graphemes = (text: string): string[] => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment);

/** The clipped text is the original's first graphemes, whole, then the ellipsis, within `max` code units. */
function expectWholeGraphemes(text: string, max: number): void {
  const clipped = clip(text, max);
  expect(clipped.length).toBeLessThanOrEqual(Math.max(max, 1));
  if (clipped === text) return;
  expect(clipped.endsWith('…')).toBe(true);
  const kept = graphemes(clipped.slice(0, -1));
  expect({ max, kept }).toEqual({ max, kept: graphemes(text).slice(0, kept.length) });
}

describe('clip', () => {
  it('leaves text that fits alone', () => {
    expect(clip('Ship the fix', 12)).toBe('Ship the fix');
    expect(clip('👨‍👩‍👧‍👦', 11)).toBe('👨‍👩‍👧‍👦');
  });

  it('cuts at a word boundary in the second half, and marks the cut with an ellipsis', () => {
    expect(clip('one two three four five', 12)).toBe('one two…');
    expect(clip('one two three four five', 12).length).toBeLessThanOrEqual(12);
    // No boundary in the second half: cut hard, still within max.
    expect(clip('abcdefghijklmnop qr', 10)).toBe('abcdefghi…');
  });

  it('never splits a family emoji (one grapheme of eleven code units)', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(clip(family.repeat(3), 20)).toBe(`${family}…`);
    expect(clip(`We ${family} go`, 10)).toBe('We…');
    for (let max = 1; max <= 40; max += 1) expectWholeGraphemes(`Plan the trip ${family}${family} today`, max);
  });

  it('never splits a flag into its regional-indicator letters', () => {
    const flags = '🇫🇷🇩🇪🇯🇵';
    expect(clip(flags, 7)).toBe('🇫🇷…');
    expect(clip(flags, 9)).toBe('🇫🇷🇩🇪…');
    for (let max = 1; max <= flags.length; max += 1) expectWholeGraphemes(flags, max);
  });

  it('never separates a letter from its combining marks', () => {
    const decomposed = 'cafe\u0301cafe\u0301'; // "é" as e + U+0301
    expect(clip(decomposed, 5)).toBe('caf…');
    const stacked = 'Z\u0351\u0364\u0306a\u0352\u0307l\u0310go'; // several marks on one letter
    expect(clip(stacked, 6)).toBe('Z\u0351\u0364\u0306…');
    for (let max = 1; max <= 30; max += 1) {
      expectWholeGraphemes(`Re\u0301sume\u0301 of the nai\u0308ve plan ${stacked}`, max);
      expectWholeGraphemes('नमस्ते दुनिया, यह परीक्षण है', max);
    }
  });

  it('keeps a skin-tone emoji whole', () => {
    expect(clip('👍🏽👍🏽', 7)).toBe('👍🏽…');
  });
});

describe('storableText', () => {
  test('a NUL byte and a lone surrogate become U+FFFD; the rest is kept as written', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('half \uD83D emoji')).toBe('half \uFFFD emoji');
    expect(storableText('tail \uDE00')).toBe('tail \uFFFD');
    expect(storableText('Grüße 👨‍👩‍👧 日本語')).toBe('Grüße 👨‍👩‍👧 日本語');
  });
});

describe('countSentences and countQuestions', () => {
  it('understand 。？！ as well as . ? !', () => {
    expect(countSentences('What matters most here?')).toBe(1);
    expect(countSentences('One. Two! Three? Four')).toBe(4);
    expect(countSentences('今日は何をしますか？一つだけ教えてください。')).toBe(2);
    expect(countSentences('「締め切り」はいつですか？')).toBe(1);
    expect(countSentences('v2.5 ships today.')).toBe(1);
    expect(countQuestions('Was ist wichtig? Und warum？')).toBe(2);
    expect(countQuestions('No question here.')).toBe(0);
  });
});

describe('clauses', () => {
  it('splits at sentence ends and clause marks followed by a space, never inside "1:1" or "v2.5"', () => {
    expect(clauses('Book a 30-minute 1:1 with Dana about the v2.5 launch')).toEqual(['Book a 30-minute 1:1 with Dana about the v2.5 launch']);
    expect(clauses('Fix the build?! Now... please. It is v2.0, really')).toEqual(['Fix the build', 'Now', 'please', 'It is v2.0', 'really']);
    expect(clauses('First: the logs; then the report — by noon')).toEqual(['First', 'the logs', 'then the report', 'by noon']);
    expect(clauses('半年も止まっている。だから今日決めたい')).toEqual(['半年も止まっている', 'だから今日決めたい']);
    expect(clauses('   ')).toEqual([]);
  });
});

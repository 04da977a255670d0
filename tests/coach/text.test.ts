import { clip } from '../../src/coach/text';

describe('clip', () => {
  test('leaves text within the limit as it is', () => {
    expect(clip('short', 5)).toBe('short');
    expect(clip('', 0)).toBe('');
  });

  test('cuts to the limit, ellipsis included, without trailing space', () => {
    expect(clip('hello world', 7)).toBe('hello…');
    expect(clip('hello world', 7).length).toBeLessThanOrEqual(7);
  });

  test.each([
    ['a family emoji', 'ab👨‍👩‍👧xyz', 4, 'ab…'],
    ['a flag', 'a🇩🇪🇫🇷', 4, 'a…'],
    ['a surrogate pair', 'ab😀cd', 4, 'ab…'],
    ['combining marks', 'cafe\u0301 au lait', 5, 'caf…'],
  ])('never splits %s', (_name, text, max, expected) => {
    const clipped = clip(text, max);
    expect(clipped).toBe(expected);
    expect(clipped.length).toBeLessThanOrEqual(max);
    // No lone surrogate survives a cut.
    expect(clipped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  test('keeps a whole grapheme that fits', () => {
    expect(clip('😀😀😀😀', 5)).toBe('😀😀…');
  });
});

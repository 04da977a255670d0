import { LOCALES, localeOf, wordsFor } from '../../src/words/catalog';

describe('the catalog', () => {
  const english = wordsFor('en');

  it.each(LOCALES)('has every key in %s, each a non-empty sentence of its own', (locale) => {
    const words = wordsFor(locale);
    expect(Object.keys(words).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(words)) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      // A translation that is still the English sentence is a missing translation.
      if (locale !== 'en') expect({ key, same: text === english[key as keyof typeof english] }).toEqual({ key, same: false });
    }
  });

  it.each([
    ['de-DE', 'de'],
    ['ja-JP', 'ja'],
    ['es-LA', 'es'],
    ['es_ES', 'es'],
    ['EN-gb', 'en'],
    ['fr-FR', 'en'],
    ['', 'en'],
    [null, 'en'],
    [undefined, 'en'],
  ] as const)('takes Slack locale %p as %s', (slackLocale, locale) => {
    expect(localeOf(slackLocale)).toBe(locale);
  });
});

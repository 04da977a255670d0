import { fill, LOCALES, localeOf, placeholdersOf, wordsFor, wordsForSlack } from '../../src/words/catalog';

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

  it.each(LOCALES.filter((l) => l !== 'en'))('has the same placeholders as English in every %s sentence', (locale) => {
    const words = wordsFor(locale);
    for (const [key, text] of Object.entries(english)) {
      expect({ key, placeholders: placeholdersOf(words[key as keyof typeof english]) }).toEqual({ key, placeholders: placeholdersOf(text) });
    }
  });

  it('names a locale Intl knows in every language', () => {
    for (const locale of LOCALES) expect(Intl.DateTimeFormat.supportedLocalesOf([wordsFor(locale).intlLocale])).toHaveLength(1);
  });

  it('fills placeholders, leaving unknown ones as written', () => {
    expect(fill(wordsFor('de').nudgeHello, { name: 'Hanna' })).toBe('Guten Morgen, Hanna! 🌅');
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('picks the words by Slack locale, English for a language it does not have', () => {
    expect(wordsForSlack('de-DE')).toBe(wordsFor('de'));
    expect(wordsForSlack('ja-JP')).toBe(wordsFor('ja'));
    expect(wordsForSlack('pt-BR')).toBe(wordsFor('en'));
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

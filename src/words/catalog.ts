/**
 * The product's own words: every fixed sentence a person reads (notices,
 * greetings, buttons, headings), in each language we have. The coach's
 * questions and the report's content are not here: the model writes those in
 * the person's language. Adding a key means adding it to every language;
 * `satisfies Words` in each file makes a missing one a type error.
 *
 * This room imports nothing, so every other room may use it.
 */
import { de } from './de';
import { en, type Words } from './en';
import { es } from './es';
import { ja } from './ja';

export type { Words };

export const LOCALES = ['en', 'de', 'ja', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOG: Record<Locale, Words> = { en, de, ja, es };

export function wordsFor(locale: Locale): Words {
  return CATALOG[locale];
}

/**
 * The catalog language for a Slack locale (`users.info` with
 * `include_locale`, e.g. "de-DE", "ja-JP", "es-LA"); English when we do not
 * have the person's language or Slack did not say.
 */
export function localeOf(slackLocale: string | null | undefined): Locale {
  const language = slackLocale?.trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : 'en';
}

/** The `{name}`-style placeholders of a catalog sentence, sorted: every language must have the same ones. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

/** A catalog sentence with its placeholders filled; one the values do not name stays as written. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The words for a person's Slack locale ("de-DE"), English when we do not have their language. */
export function wordsForSlack(slackLocale: string | null | undefined): Words {
  return wordsFor(localeOf(slackLocale));
}

/**
 * Reading the person's words for the report: sentences and clauses in any
 * script (。？！ end a sentence as . ? ! do), what says something, and quotes
 * that are whole clauses or nothing, never a cut.
 */
import { clip } from '../text';

export { clip };

/** Every string field stays under this, so the renderer never splits a field absurdly. */
export const FIELD_LIMIT = 2_400;
/** The longest clause quoted; a longer one is not quoted at all rather than cut. */
export const QUOTE_LIMIT = 280;
export const TITLE_LIMIT = 120;
/** Only this much of one message is read; the rest stays stored. Keeps the patterns cheap on pastes. */
const WINDOW = 4_000;

export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The analysed window of a message, never ending in half a surrogate pair. */
function windowOf(text: string): string {
  const end = Math.min(text.length, WINDOW);
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** Words that carry nothing on their own: greetings, acknowledgements, non-answers. */
const SMALL_TALK = new Set(
  (
    "good morning afternoon evening hi hello hey hiya yo there coach thanks thank thx ty you cheers ok okay k sure yes yeah yep " +
    "no nope nah fine great cool nice idk dunno i don't dont do not know no idea maybe nothing pass hmm um uh lol haha how are is it " +
    "going doing well let's lets go ready start please so and just really me too same what sorry oh ah wow not sure wrap up " +
    'hallo guten morgen danke ja nein hola buenos días gracias sí'
  ).split(' '),
);

export function wordsOf(text: string): string[] {
  return windowOf(text).toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
}

/** Keyboard runs ("asdf", "qwer", "lkjh"): noise, not words. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'yxcvbnm'].flatMap((row) => [row, [...row].reverse().join('')]);
const isNoise = (word: string) => word.length >= 3 && ROWS.some((row) => row.includes(word));

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]{4,}/u;

/** Does this say something (not hello, an emoji, or "idk")? */
export function isSubstantive(text: string): boolean {
  return wordsOf(text).filter((w) => !SMALL_TALK.has(w) && !isNoise(w)).length >= 2 || UNSPACED.test(windowOf(text));
}

/** Sentences: a line break ends one too, since Slack messages are often lists. */
export function sentencesOf(text: string): string[] {
  return windowOf(text)
    .split(/(?<=[.!?…])\s+|(?<=[。？！])\s*|\n+/u)
    .map((s) => s.trim().replace(/^(?:[-*•]|\d+[.)])\s+/, ''))
    .filter((s) => s.length > 0);
}

/** Statements only: a question the person asked is not a task or a crux they stated. */
export function statements(text: string): string[] {
  return sentencesOf(text).filter((s) => !/[?？]$/.test(s) && isSubstantive(s));
}

/**
 * The person's words in curly quotes: the whole sentence, or when it is too
 * long the whole clause that holds `match`, or nothing. A colon never ends a
 * clause ("Book a 30-minute 1:1" stays whole).
 */
export function quoteWhole(sentence: string, match?: RegExp): string | null {
  const flat = flatten(sentence).replace(/^["“”'‘’「」]+|["“”'‘’「」]+$/g, '');
  if (flat.length === 0) return null;
  if (flat.length <= QUOTE_LIMIT) return `“${flat}”`;
  const clauses = flat.split(/(?<=[,;])\s+|(?<=[，、；])/u).map((c) => c.trim());
  const clause = clauses.find((c) => c.length <= QUOTE_LIMIT && isSubstantive(c) && (!match || match.test(c)));
  return clause ? `“${clause}”` : null;
}

/** The first of these sentences that can be quoted whole. */
export function firstQuote(sentences: readonly string[], match?: RegExp): string | null {
  for (const s of sentences) {
    const q = quoteWhole(s, match);
    if (q) return q;
  }
  return null;
}

/** A quoted sentence without its quotes: for task.task and crux.crux, which the renderer shows bare. */
export function unquoted(quote: string | null): string | null {
  return quote ? quote.slice(1, -1) : null;
}

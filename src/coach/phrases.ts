/**
 * The offline coach's reading of the person's words (src/model/offline.ts):
 * small talk, whether a message says anything, its sentences, the short
 * phrase worth reflecting back, and whether an answer states a task or
 * several approaches. Not part of the offline report (src/coach/report-builder),
 * which reads whole clauses only.
 */

/** Only this much of one message is analysed; the rest stays stored. Keeps regexes cheap on pastes. */
const ANALYSIS_WINDOW = 4_000;

/** A prefix for analysis that never ends in half a surrogate pair. */
function safeSlice(text: string, end: number): string {
  if (end >= text.length) return text;
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** FNV-1a: a stable hash, so variety comes from the input and never from randomness. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function pick<T>(items: readonly [T, ...T[]], seed: number): T {
  return items[seed % items.length] ?? items[0];
}

/**
 * Words that carry no problem on their own: greetings, acknowledgements,
 * non-answers. A message made only of these ("good morning!", "idk", "ok
 * thanks 🙏") is not something to reflect back or to quote in a report.
 */
const SMALL_TALK = new Set(
  (
    'good morning afternoon evening day hi hello hey hiya howdy yo there coach bot all everyone gm ' +
    'thanks thank thx ty you cheers ok okay k sure yes yeah yep yup no nope nah fine great cool nice ' +
    'idk dunno i don\'t dont do not know no idea maybe nothing pass hmm hm um uh er lol haha ' +
    'how are is it going doing well again let\'s lets go ready start please so and just really ' +
    'me too same here what sorry oh ah wow'
  ).split(' '),
);

/** Lower-cased words of the analysed window; an apostrophe stays inside a word ("don't"). */
export function wordsOf(text: string): string[] {
  return safeSlice(text, ANALYSIS_WINDOW).toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
}

/** Words that are not small talk. */
export function contentWords(text: string): string[] {
  return wordsOf(text).filter((word) => !SMALL_TALK.has(word));
}

/** Scripts written without spaces between words: a sentence there is one "word" to the tokenizer. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]{4,}/u;

/** Does this message say something to coach on (not just hello, emoji, or "idk")? */
export function isSubstantive(text: string): boolean {
  return contentWords(text).length >= 2 || UNSPACED_SCRIPT.test(safeSlice(text, ANALYSIS_WINDOW));
}

/** Sentences of the analysed window; a line break ends a sentence too (Slack messages are often lists). */
export function sentencesOf(text: string): string[] {
  return safeSlice(text, ANALYSIS_WINDOW)
    .split(/(?<=[.!?…])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Statements only: a question the person asked is not a task or a crux they stated. */
export function statements(text: string): string[] {
  return sentencesOf(text).filter((s) => !s.endsWith('?') && isSubstantive(s));
}

const LEADING_FILLER =
  /^(?:(?:so|well|honestly|basically|actually|because|although|though|since|while|so that|and|but|also|just|really|finally|maybe|probably|um|uh|ok|okay|yeah|yes|no|i think|i guess|i mean|kind of|sort of|like)\b[\s,]*)+/i;
const TRAILING_FILLER =
  /(?:[\s,]+(?:today|tonight|now|here|really|too|though|please|anyway|right|this morning|this afternoon|for today|as well|and|or|but|to|of|for|in|on|at|by|with|from|about|the|a|an|my|our|your|that|which|so|because|as|than|is|are|was|be))+$/i;
/** Where a phrase may be cut without leaving it dangling. */
const BREAK_WORDS = new Set(
  'and or but in on at for with to of from by about that which who because so into as than when while if'.split(' '),
);
/** "I want to X", "the crux is that X": X is the phrase worth reflecting. */
const INTENT =
  /\b(?:(?:i|we)(?:['’]d| would|['’]m| am|['’]re| are)? (?:really |just |finally |actually |still )?(?:want|need|have|hope|plan|like|mean|wanna|gotta|got|trying|going) to|(?:my|our) goal is(?: to)?|the (?:crux|problem|issue|hard part|hardest part|bottleneck|blocker|real problem|real issue|challenge) is(?: that)?|(?:i|we) (?:could|can|will)|i['’]ll|we['’]ll)\s+/i;

export interface PhraseOptions {
  maxWords?: number;
  maxChars?: number;
}

/**
 * A short phrase from the person's message worth reflecting back, taken
 * verbatim (so it really is their words) from the first sentence that says
 * something: what follows "I want to"/"the crux is" if present, else the
 * first meaningful clause. Cut at a natural break (before "for", "and", ...)
 * and never holding sentence punctuation, so it can sit inside a question.
 * Null when the message holds nothing to reflect (greeting, emoji, empty).
 */
export function keyPhrase(text: string, options: PhraseOptions = {}): string | null {
  const maxWords = options.maxWords ?? 10;
  const maxChars = options.maxChars ?? 70;
  const sentences = sentencesOf(text);
  const sentence = sentences.find((s) => isSubstantive(s));
  if (!sentence) return null;

  const clauses = sentence
    .split(/[,;:()\u2014\u2013]|\s-\s|\s(?=(?:but|because|although|though|since|while|so that)\s)/i)
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  let phrase: string | undefined;
  for (const clause of clauses) {
    const intent = INTENT.exec(clause);
    if (intent && isSubstantive(clause.slice(intent.index + intent[0].length))) {
      phrase = clause.slice(intent.index + intent[0].length);
      break;
    }
  }
  phrase ??= clauses.find((c) => isSubstantive(c)) ?? sentence;

  phrase = phrase.replace(/[.!?…"“”]/g, ' ').replace(/\s+/g, ' ').trim().replace(LEADING_FILLER, '');
  let words = phrase.split(' ').filter((w) => w.length > 0);
  if (words.length > maxWords) {
    const next = words[maxWords]?.toLowerCase() ?? '';
    words = words.slice(0, maxWords);
    // Cut mid-thought: back off to the last natural break, if that leaves enough to recognise.
    if (!BREAK_WORDS.has(next)) {
      for (let j = words.length - 1; j >= 3; j -= 1) {
        if (BREAK_WORDS.has(words[j]?.toLowerCase() ?? '')) {
          words = words.slice(0, j);
          break;
        }
      }
    }
  }
  let result = words.join(' ');
  while (result.length > maxChars && words.length > 1) {
    words = words.slice(0, -1);
    result = words.join(' ');
  }
  if (result.length > maxChars) result = safeSlice(result, maxChars);
  const trimmed = result.replace(TRAILING_FILLER, '').replace(/^[\s,;:'‘’-]+|[\s,;:'‘’-]+$/g, '');
  result = isSubstantive(trimmed) || contentWords(trimmed).length >= contentWords(result).length ? trimmed : result;
  result = result.replace(/^[\s,;:-]+|[\s,;:-]+$/g, '');
  return contentWords(result).length > 0 ? result : null;
}


const TIME_BOX =
  /\b(?:\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|mins?|minutes?)\b|(?:an?|one|two|three|four|half an?)\s+(?:hour|hours|minutes)\b|(?:by|before|until|till)\s+(?:noon|lunch|midday|eod|cob|tonight|(?:the )?end of (?:the )?day|this (?:morning|afternoon|evening)|\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b|(?:my|the|our) \w+ (?:meeting|call|standup|sync))|time\s*-?\s*box\w*|pomodoros?|end of (?:the )?day|\beod\b)/i;
const SUCCESS_CRITERION =
  /\b(?:done when|done means|finished when|success (?:is|means|looks like|would be|will be)|i'?ll know|i will know|definition of done|pass rate|ship(?:ped)?|publish(?:ed)?|submit(?:ted)?|merge(?:d)?|send (?:it|the|a|out)|a (?:first |rough )?draft|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty)\s+(?:[\p{L}-]+\s+){0,2}(?:cases|tests|pages|slides|emails|examples|items|calls|words|evals|questions|bugs|tickets|prs|notes|ideas|interviews))\b/iu;

/** Does this answer state a concrete task: enough words, and a time box or a success criterion? */
export function looksLikeTask(text: string): boolean {
  return statements(text).some((s) => contentWords(s).length >= 3 && (TIME_BOX.test(s) || SUCCESS_CRITERION.test(s)));
}

const ALTERNATIVE = /\b(?:or|either|instead|alternatively|another|otherwise|option|versus|vs)\b/gi;

/** How many distinct approaches an answer names: alternatives joined by "or"/"another", or list lines. */
export function approachCount(text: string): number {
  const window = safeSlice(text, ANALYSIS_WINDOW);
  const listed = window.split('\n').filter((line) => /^\s*(?:[-*•]|\d+[.)])\s+\S/.test(line)).length;
  const alternatives = (window.match(ALTERNATIVE) ?? []).length;
  return Math.max(listed, alternatives > 0 ? alternatives + 1 : isSubstantive(window) ? 1 : 0);
}

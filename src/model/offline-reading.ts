/**
 * How the offline coach reads a person's answer, with simple rules and no
 * model: is it English, did they decline, which whole clause is worth
 * quoting, and which slots it fills. Pure.
 */
import { isFilled, type Focus, type SlotName, type Slots } from '../coach/agenda';
import { isSubstantive } from '../coach/report-builder';
import { clauses, clip } from '../coach/text';

/** Words that say a message is English (and rarely appear in German or Spanish). */
const ENGLISH = new Set(
  'the a an and to of is it i my we our you your that this what need want have has be with for on by so but not just do can will today should would could because about which when how'.split(
    ' ',
  ),
);
/** Words that say it is another language the offline coach cannot read (German, Spanish, French, Dutch, Italian, Portuguese). */
const OTHER = new Set(
  (
    'ich und nicht der die das ist zu mit heute muss weil eine ein auf für wir sie es den dem ob noch auch aber wie was mein meine sehr seit ' +
    'que el la los las es y por para con una un hoy tengo mi mis pero como porque muy está estoy ' +
    'je et le les est pour avec une pas mais ce qui mon ma aujourd ' +
    'het een en niet van ik dat met voor ' +
    'il che di non per sono oggi ' +
    'bis zum zur vom im ganz guten morgen hallo moin servus hola buenos buenas días bonjour salut ' +
    'não eu com uma hoje'
  ).split(' '),
);
/** Scripts the offline coach certainly cannot read. */
const NON_LATIN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Greek}\p{Script=Thai}\p{Script=Devanagari}]/u;

/**
 * Is the text something the offline coach can read? English, or too short to
 * say ("ok", a name): only a clear majority of another language's common
 * words, or another script, says no.
 */
export function readsAsEnglish(text: string): boolean {
  if (NON_LATIN.test(text)) return false;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let english = 0;
  let other = 0;
  for (const word of words) {
    if (ENGLISH.has(word)) english += 1;
    else if (OTHER.has(word)) other += 1;
  }
  if (/[äöüßñ¿¡]/iu.test(text)) other += 1;
  return !(other >= 2 && other > english);
}

/** Greetings in the languages above: a hello, not a problem to coach on. */
const GREETING = /^\s*(?:guten (?:morgen|tag)|moin|servus|hallo|hola|buen(?:os|as) (?:días|dias|tardes)|bonjour|salut|ciao|buongiorno|olá|bom dia|おはよう(?:ございます)?|こんにちは)(?:[\s!.,。！]|🌅|☀️|👋|🙂)*$/iu;

/** Does the message say something to coach on: not a greeting in any of the languages above, and substantive? */
export function saysSomething(text: string): boolean {
  return !GREETING.test(text) && isSubstantive(text);
}

/** "skip", "pass", "I'd rather not", "no time box today": the person declines what was asked. */
const DECLINE =
  /^\s*(?:skip(?: it| this| that)?|pass|no thanks|(?:i['’]?d )?rather not|not today|let['’]?s (?:move on|skip)|i don['’]?t want to(?: say| set| decide| commit)?|no (?:time ?box|deadline|first step|commitment)(?: today)?)\b/i;

export function declines(text: string): boolean {
  return DECLINE.test(text);
}

/** Longest clause quoted whole; a longer one is not quoted at all (never cut). */
const QUOTE_MAX = 90;

/**
 * Words that lead into a clause without being part of what it says ("Honestly,
 * the crux is that …", "Because …"): left out of the front of a quote, so the
 * question reads "If “I don't know …” is the crux"; the clause's end is never cut.
 */
const LEAD_IN =
  /^(?:(?:honestly|so|well|because|and|but|also|basically|actually|i think|i guess)\b[\s,]*|the (?:crux|problem|issue|bottleneck|hard part|real problem) is(?: that)?\s+)+/i;

/** A whole clause as it sits in a question: no end punctuation, no quote marks of its own. */
function asQuote(clause: string): string | null {
  const cleaned = clause.replace(/["“”]/g, '').replace(/[\s.!?…,;:]+$/u, '').trim().replace(LEAD_IN, '');
  const words = cleaned.split(/\s+/).length;
  if (cleaned.length > QUOTE_MAX || words < 2 || !isSubstantive(cleaned)) return null;
  return cleaned;
}

/** The clause of the answer worth quoting back, whole, or null: the first that says something and fits. */
export function quotableClause(answer: string, prefer?: RegExp): string | null {
  const all = clauses(answer).map(asQuote).filter((c): c is string => c !== null);
  return (prefer ? all.find((c) => prefer.test(c)) : undefined) ?? all[0] ?? null;
}

/** A time box: "by noon", "until lunch", "30 minutes", "two hours", "before 3pm", "this morning". */
export const TIME_BOX =
  /\b(?:by|until|till|before|after) (?:noon|lunch|midday|tonight|eod|end of (?:the )?day|\d{1,2}(?::\d{2})?\s*(?:am|pm)?|\d{1,2}h)\b|\b(?:\d+|an?|one|two|three|four|half an?) (?:min(?:ute)?s?|hours?|hrs?|h)\b|\bthis (?:morning|afternoon|evening)\b|\b(?:at|from) \d{1,2}(?::\d{2})?\s*(?:am|pm)?\b/i;
/** A success criterion: "done when", "I'll know it's done", "finished once". */
export const SUCCESS =
  /\b(?:done (?:when|once|if)|finished (?:when|once)|(?:i['’]ll|i will|we['’]ll) know (?:it['’]?s|it is) done|success (?:is|means|looks like)|counts as done)\b/i;

/** The answer as a slot value: their words, on one line, never longer than a slot holds. */
export function slotText(answer: string): string {
  return clip(answer.replace(/\s+/g, ' ').trim(), 300);
}

/**
 * The slots one answer fills, by simple rules: the slot it was asked for
 * takes the whole answer; an English answer that also names a time box or a
 * success criterion fills those too, with the clause that names it.
 */
export function slotsFromAnswer(answer: string, asked: Focus | null, known: Slots, english: boolean): Slots {
  const filled: Slots = {};
  if (!saysSomething(answer)) return filled;
  if (asked && asked !== 'wrapUp') filled[asked] = slotText(answer);
  if (!english) return filled;
  const taskKnown = isFilled(known, 'task') || asked === 'task';
  const extra: Array<[SlotName, RegExp]> = [
    ['timeBox', TIME_BOX],
    ['successCriteria', SUCCESS],
  ];
  for (const [slot, pattern] of extra) {
    if (!taskKnown || filled[slot] || isFilled(known, slot)) continue;
    const clause = clauses(answer).find((c) => pattern.test(c));
    if (clause) filled[slot] = slotText(clause);
  }
  // A commitment says when: the first step with a time in it is a commitment too.
  if (asked === 'firstStep' && TIME_BOX.test(answer) && !isFilled(known, 'commitment')) filled.commitment = slotText(answer);
  return filled;
}

import type { ReportRequest } from './ports';
import { ReportDraftSchema, type ReportDraft } from './report';
import { STAGES, STAGE_INFO, isStageId, stageIndex, type StageId } from './stages';
import type { Turn } from './transcript';
import { isWrapUp } from './wrap-up';

/**
 * The Deep Thoughts report, written from the transcript alone, without a
 * model. It is the offline coach's report writer and the fallback when
 * Claude fails, so it must produce a valid draft for ANY transcript: empty,
 * emoji only, a 50,000-character paste, a session that never got past hello.
 *
 * It never paraphrases what it cannot understand: it quotes the person's own
 * words (raw: escaping for Slack is the renderer's job), says plainly what the
 * conversation did not establish, and scores the session against a rubric
 * that rewards a concrete task and a crux most (see `scoreSession`).
 */

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

/** Every string field stays under this, so the renderer never splits a field absurdly. */
export const FIELD_LIMIT = 2_400;
/** One quote of the person: long enough to be recognisable, short enough to read. */
const QUOTE_LIMIT = 280;
/** Only this much of one message is analysed; the rest stays stored. Keeps regexes cheap on pastes. */
const ANALYSIS_WINDOW = 4_000;
const TITLE_LIMIT = 120;

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/** An end index that does not split a UTF-16 surrogate pair (an emoji cut in half is mojibake). */
function safeEnd(text: string, end: number): number {
  if (end <= 0) return 0;
  if (end >= text.length) return text.length;
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

function safeSlice(text: string, end: number): string {
  return text.slice(0, safeEnd(text, end));
}

/** Collapse whitespace: quotes and titles are one line. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Shorten to at most `max` characters, at a word boundary when there is one
 * in the second half, marking the cut with an ellipsis.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const hard = safeEnd(text, max - 1);
  const head = text.slice(0, hard);
  const boundary = head.search(/\s\S*$/);
  const cut = boundary > max / 2 ? boundary : hard;
  return `${text.slice(0, cut).trimEnd()}…`;
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

/** The person's words in curly quotes, one line, bounded. */
export function quote(text: string, max = QUOTE_LIMIT): string {
  const inner = clip(flatten(text).replace(/^["“”'‘’]+|["“”'‘’]+$/g, ''), max);
  return `“${inner}”`;
}

// ---------------------------------------------------------------------------
// The person's words
// ---------------------------------------------------------------------------

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

function wordsOf(text: string): string[] {
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
function statements(text: string): string[] {
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

// ---------------------------------------------------------------------------
// What a message shows about a stage
// ---------------------------------------------------------------------------

const TIME_BOX =
  /\b(?:\d+(?:\.\d+)?\s*(?:h|hrs?|hours?|mins?|minutes?)\b|(?:an?|one|two|three|four|half an?)\s+(?:hour|hours|minutes)\b|(?:by|before|until|till)\s+(?:noon|lunch|midday|eod|cob|tonight|(?:the )?end of (?:the )?day|this (?:morning|afternoon|evening)|\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b|(?:my|the|our) \w+ (?:meeting|call|standup|sync))|time\s*-?\s*box\w*|pomodoros?|end of (?:the )?day|\beod\b)/i;
const SUCCESS_CRITERION =
  /\b(?:done when|done means|finished when|success (?:is|means|looks like|would be|will be)|i'?ll know|i will know|definition of done|pass rate|ship(?:ped)?|publish(?:ed)?|submit(?:ted)?|merge(?:d)?|send (?:it|the|a|out)|a (?:first |rough )?draft|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty)\s+(?:[\p{L}-]+\s+){0,2}(?:cases|tests|pages|slides|emails|examples|items|calls|words|evals|questions|bugs|tickets|prs|notes|ideas|interviews))\b/iu;

export function hasTimeBox(text: string): boolean {
  return TIME_BOX.test(safeSlice(text, ANALYSIS_WINDOW));
}

export function hasSuccessCriterion(text: string): boolean {
  return SUCCESS_CRITERION.test(safeSlice(text, ANALYSIS_WINDOW));
}

/**
 * A sentence states today's task when it is concrete: it has a time box
 * ("by noon", "90 minutes") or a success criterion ("done when", "ten test
 * cases", "ship"), and enough words to say what. "Learn evals today" is a
 * wish, not a task: "today" alone is not a time box.
 */
export function isTaskSentence(sentence: string): boolean {
  return contentWords(sentence).length >= 3 && (hasTimeBox(sentence) || hasSuccessCriterion(sentence));
}

export function taskSentence(text: string): string | null {
  return statements(text).find(isTaskSentence) ?? null;
}

/** Does this answer state a concrete task (used by the offline coach to judge the task stage)? */
export function looksLikeTask(text: string): boolean {
  return taskSentence(text) !== null;
}

const CRUX_MARKER =
  /\b(?:the crux|bottleneck|blocker|(?:the|my|our) (?:hardest|biggest|real|main|core) (?:part|thing|problem|issue|obstacle|challenge|constraint)|(?:stopping|blocking|holding) (?:me|us)(?: back)?|the (?:problem|issue|constraint) is|i (?:don'?t|do not) (?:know how|have (?:the )?time)|i (?:can'?t|cannot|keep))\b/i;

function cruxSentence(text: string, stated: boolean): string | null {
  const sentences = statements(text);
  // In the crux stage any real answer is the crux; elsewhere only an explicit one counts.
  return sentences.find((s) => CRUX_MARKER.test(s)) ?? (stated ? (sentences[0] ?? null) : null);
}

const ALTERNATIVE = /\b(?:or|either|instead|alternatively|another|otherwise|option|versus|vs)\b/gi;

/** How many distinct approaches an answer names: alternatives joined by "or"/"another", or list lines. */
export function approachCount(text: string): number {
  const window = safeSlice(text, ANALYSIS_WINDOW);
  const listed = window.split('\n').filter((line) => /^\s*(?:[-*•]|\d+[.)])\s+\S/.test(line)).length;
  const alternatives = (window.match(ALTERNATIVE) ?? []).length;
  return Math.max(listed, alternatives > 0 ? alternatives + 1 : isSubstantive(window) ? 1 : 0);
}

const STAKES =
  /\b(?:team|customers?|users?|clients?|company|career|manager|boss|family|matters?|because|so that|help|impact|stakes|cost|risk|promotion|revenue|deadline|succeed)\b/i;
const LIMITING =
  /\b(?:i can'?t|i cannot|i'?m not|i am not|not (?:good|smart|technical|experienced|senior|ready) enough|i don'?t know how|i'?ll never|i never|i always|i should|i have to|i must|need to know everything|imposter|impostor|afraid|scared|worried|fear|too (?:old|late|slow|junior|busy|hard))\b/i;
const EMPOWERING =
  /\b(?:i can(?!'t|not)|i'?m good at|i know how|i'?ve done|i have done|i love|i enjoy|excited|motivat\w*|i'?m (?:great|strong|capable|able)|i believe i can|i learn fast)\b/i;
const ASSUMED =
  /\b(?:i think|i guess|i assume|assum\w*|probably|maybe|might|should|will|would|i feel|i believe|seems?|everyone|always|never|the best|the only|must|surely)\b/i;
/** Past events and counted things read as known; a time ("by 2pm") is a plan, not a fact. */
const KNOWN =
  /\b(?:already|i have|we have|i did|we did|i know|we know|i'?ve|we'?ve|happened|last (?:week|month|year|quarter)|yesterday|\d+(?:\.\d+)?\s*(?:%|percent|deals|customers|users|people|tickets|bugs|days|weeks|months|years|times)|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of) (?:deals|customers|users|people|tickets|bugs|times))\b/i;
const FIRST_STEP = /\b(?:first|start|begin|ask|schedule|book|block|message|email|call|write|open|set up|list)\b/i;
const OBSTACLE = /\b(?:but|hard|might|risk|worry|unless|if|obstacle|problem)\b/i;

// ---------------------------------------------------------------------------
// Which stage a coach question belongs to
// ---------------------------------------------------------------------------

/** Words a question uses when it works on a stage (the offline coach's questions all carry them). */
const STAGE_CUES: Record<StageId, RegExp> = {
  significance: /significan\w*|\bmatters?\b|\bimportant\b|\bstakes\b|\bwhy\b|change for you|\bcost\b|\bimpact\b|who else|\bcare\b/g,
  task: /\bconcrete\b|\btasks?\b|finish today|get done|\bdone\b|\bsuccess\w*|time ?-?box|by when|how much time|\bdeadline\b|by (?:noon|lunch|the end of (?:the )?day)|end of today/g,
  archetypes: /\bapproach\w*|different ways?|\bways? (?:to|you could)|\boptions?\b|\balternatives?\b|\bpaths?\b|\bangles?\b|another way|archetypes?|paradigms?/g,
  crux: /\bcrux\b|bottleneck|\bconstraints?\b|hardest|in the way|holding you back|stopping you|blocker|blocking|biggest obstacle|makes (?:this|it) hard/g,
  cruxSolutions: /\btactics?\b|first step|get around|work around|overcome|unblock|get past|\btackle\b/g,
  beliefs: /believ\w*|\bbeliefs?\b|story you|mindset|\bdoubt\w*|confiden\w*|about yourself/g,
  factCheck: /know for sure|assum\w*|\bfacts?\b|evidence|verify|\bcertain\b/g,
  oneMoreThing: /one more thing|puzzl\w*|wrap up|anything else|carry into tomorrow|before we close/g,
};

/**
 * How strongly a coach message works on a stage: 0 (no cue), 1 or 2. Words
 * inside curly quotes are the person's, reflected back, so they are ignored
 * ("If “the crux is time” ..." is not a crux question because of the quote).
 */
export function stageAffinity(coachText: string, stage: StageId): number {
  const own = safeSlice(coachText, ANALYSIS_WINDOW).toLowerCase().replace(/“[^”]*”/g, ' ').replace(/’/g, "'");
  return Math.min(2, (own.match(STAGE_CUES[stage]) ?? []).length);
}

export interface AttributedTurn {
  text: string;
  stage: StageId;
}

/**
 * Which stage each coach message worked on, by Viterbi alignment.
 *
 * Why not just replay the state machine: it moves on when the model judged a
 * stage covered, and that judgement is not in the transcript. Why not just
 * keywords: a question can lack cue words, or use one in passing. So the
 * alignment takes what we do know about the machine as soft constraints, and
 * the cue words as evidence:
 *  - stages never go back; a coach turn moves on by at most one stage
 *    (two is allowed, at a cost, since a question may already be the next
 *    stage's opener);
 *  - the first coach message is in the first stage; the last is at or just
 *    before `stageReached` and never after it;
 *  - staying past a stage's turn budget costs (a little for one extra turn,
 *    which a greeting or an opener asked one turn early explains; more after);
 *  - moving on before the budget is spent costs a hair, so with no cue words
 *    at all the alignment is exactly the state machine's bound walk.
 * A feasible alignment always exists (staying put is always allowed), so this
 * never fails, whatever the transcript.
 */
export function coachMessageStages(coachTexts: readonly string[], stageReached: StageId): StageId[] {
  const n = coachTexts.length;
  if (n === 0) return [];
  const reached = stageIndex(stageReached);
  const last = STAGES.length - 1;
  const cap = 6;
  const width = STAGES.length * (cap + 1);
  const key = (s: number, c: number): number => s * (cap + 1) + c;
  const budget = (s: number): number => STAGE_INFO[STAGES[s] ?? 'oneMoreThing'].maxTurns;
  const affinity = coachTexts.map((text) => STAGES.map((stage) => stageAffinity(text, stage)));
  const aff = (i: number, s: number): number => affinity[i]?.[s] ?? 0;

  let score = new Float64Array(width).fill(-Infinity);
  const back = new Int32Array(n * width).fill(-1);
  for (let s = 0; s <= reached; s += 1) score[key(s, 1)] = aff(0, s) - 3 * s;

  for (let i = 1; i < n; i += 1) {
    const next = new Float64Array(width).fill(-Infinity);
    const relax = (s: number, c: number, value: number, from: number): void => {
      const k = key(s, c);
      if (value > (next[k] ?? -Infinity)) {
        next[k] = value;
        back[i * width + k] = from;
      }
    };
    for (let s = 0; s <= reached; s += 1) {
      for (let c = 1; c <= cap; c += 1) {
        const here = score[key(s, c)] ?? -Infinity;
        if (here === -Infinity) continue;
        const from = key(s, c);
        const stayed = c + 1;
        const overrun = s === last ? 0 : stayed > budget(s) + 1 ? 2 : stayed > budget(s) ? 0.5 : 0;
        relax(s, Math.min(stayed, cap), here + aff(i, s) - overrun, from);
        const early = c >= budget(s) ? 0 : 0.01;
        for (const step of [1, 2]) {
          const s2 = s + step;
          if (s2 > reached) break;
          relax(s2, 1, here + aff(i, s2) - early - (step === 2 ? 1.5 : 0), from);
        }
      }
    }
    score = next;
  }

  let best = -Infinity;
  let bestKey = key(0, 1);
  for (let s = 0; s <= reached; s += 1) {
    for (let c = 1; c <= cap; c += 1) {
      const value = (score[key(s, c)] ?? -Infinity) - Math.max(0, reached - 1 - s);
      if (value > best) {
        best = value;
        bestKey = key(s, c);
      }
    }
  }
  const stages: StageId[] = new Array<StageId>(n);
  let k = bestKey;
  for (let i = n - 1; i >= 0; i -= 1) {
    stages[i] = STAGES[Math.floor(k / (cap + 1))] ?? 'significance';
    if (i > 0) k = back[i * width + k] ?? key(0, 1);
  }
  return stages;
}

/**
 * The person's messages, each with the stage it answered: the stage of the
 * coach question before it (messages before any question open the session,
 * so they belong to the first stage). "wrap up" is a command, not an answer.
 */
export function attributePersonTurns(transcript: readonly Turn[], stageReached: StageId): AttributedTurn[] {
  const turns = transcript.filter((t) => t && typeof t.text === 'string' && (t.role === 'person' || t.role === 'coach'));
  const stages = coachMessageStages(
    turns.filter((t) => t.role === 'coach').map((t) => t.text),
    stageReached,
  );
  const attributed: AttributedTurn[] = [];
  let current: StageId = 'significance';
  let question = 0;
  for (const turn of turns) {
    if (turn.role === 'coach') {
      current = stages[question] ?? current;
      question += 1;
    } else if (!isWrapUp(turn.text)) {
      attributed.push({ text: turn.text, stage: current });
    }
  }
  return attributed;
}

// ---------------------------------------------------------------------------
// The rubric
// ---------------------------------------------------------------------------

/** What the conversation established, as the rubric sees it. */
export interface SessionEvidence {
  /** Substantive person messages. */
  personTurns: number;
  /** Answers about why the problem matters (beyond naming it). */
  significanceAnswers: number;
  task: string | null;
  taskHasTimeBox: boolean;
  taskHasSuccessCriterion: boolean;
  approaches: number;
  crux: string | null;
  /** The person proposed a tactic against the crux. */
  ownTactic: boolean;
  /** Beliefs or assumptions were examined. */
  beliefsExamined: boolean;
}

export interface SessionScore {
  score: number;
  /** Rubric items earned, as coaching moves that worked. */
  earned: string[];
  /** Rubric items missed, most important first. */
  missed: string[];
}

/**
 * The honest score, out of 10. Points:
 *   significance explored  0-2  one per answer about why it matters or to whom
 *   concrete task           0-3  2 when a task was stated, +1 when it has both
 *                                a time box and a success criterion
 *   solution archetypes     0-1  at least two distinct approaches
 *   crux                    0-2  the one constraint was named
 *   crux tactic             0-1  the person proposed a tactic against it
 *   beliefs / assumptions   0-1  limiting beliefs or assumptions were examined
 * A concrete task and a crux are worth half the score: they are what the
 * product exists to reach. Then a cap for engagement: coaching is a
 * conversation, so one substantive message scores at most 2, and three or
 * fewer at most 6, whatever they touched. Never below 1 (the schema's floor).
 */
export function scoreSession(evidence: SessionEvidence): SessionScore {
  const earned: string[] = [];
  const missed: string[] = [];
  let points = 0;

  const significance = Math.min(2, evidence.significanceAnswers);
  points += significance;
  if (significance > 0) earned.push('significance');
  if (significance < 2) missed.push(significance === 0 ? 'significance' : 'significanceDepth');

  if (evidence.task) {
    points += 2;
    earned.push('task');
    if (evidence.taskHasTimeBox && evidence.taskHasSuccessCriterion) {
      points += 1;
      earned.push('taskCriteria');
    } else missed.push('taskCriteria');
  } else missed.push('task');

  if (evidence.approaches >= 2) {
    points += 1;
    earned.push('archetypes');
  } else missed.push('archetypes');

  if (evidence.crux) {
    points += 2;
    earned.push('crux');
  } else missed.push('crux');

  if (evidence.ownTactic) {
    points += 1;
    earned.push('cruxSolutions');
  } else missed.push('cruxSolutions');

  if (evidence.beliefsExamined) {
    points += 1;
    earned.push('beliefs');
  } else missed.push('beliefs');

  const cap = evidence.personTurns <= 1 ? 2 : evidence.personTurns <= 3 ? 6 : 10;
  if (evidence.personTurns <= 3) missed.push('engagement');
  // Most important gaps first: the task and the crux lead.
  const order = ['task', 'crux', 'taskCriteria', 'archetypes', 'significance', 'cruxSolutions', 'beliefs', 'significanceDepth', 'engagement'];
  missed.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { score: Math.max(1, Math.min(cap, points, 10)), earned, missed };
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

interface Names {
  /** "Michael", or "You" when the name is unknown (the templates use past tense, so both read right). */
  subject: string;
  object: string;
  possessive: string;
}

function namesFor(firstName: unknown): Names {
  const name = typeof firstName === 'string' ? clip(flatten(firstName), 40) : '';
  if (!name) return { subject: 'You', object: 'you', possessive: 'your' };
  return { subject: name, object: name, possessive: `${name}’s` };
}

function titleFrom(problem: string | null, date: unknown): string {
  const sentence = problem ? (sentencesOf(problem).find((s) => isSubstantive(s)) ?? problem) : null;
  if (sentence) {
    const flat = flatten(sentence).replace(/[\s.!?…,;:]+$/, '');
    const capitalised = flat.charAt(0).toUpperCase() + flat.slice(1);
    const title = clip(capitalised, TITLE_LIMIT).trim();
    if (title.length > 0) return title;
  }
  const day = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? ` on ${date}` : '';
  return `A short check-in${day}`;
}

interface Tactic {
  name: string;
  description: string;
  firstStep: string;
  whyItWorks: string;
  obstacles: string;
}

/** Tactics a coach would offer against common cruxes, matched by the words of the crux. */
const TACTIC_LIBRARY: ReadonlyArray<{ cue: RegExp; build: (topic: string) => Tactic }> = [
  {
    cue: /\b(?:feedback|expert|review|grader|quality|good|right|know what|don'?t know|unsure|unclear)\b/i,
    build: (topic) => ({
      name: 'Feedback loop',
      description: `Share a first, rough version of ${topic} with someone who has done it before and ask what they would change.`,
      firstStep: 'Pick the one person to ask and book 30 minutes with them this week.',
      whyItWorks: 'An expert eye shortens the learning cycle more than another hour alone.',
      obstacles: 'Finding the right person, and staying open to critical feedback.',
    }),
  },
  {
    cue: /\b(?:time|busy|meetings?|distract\w*|slack|interrupt\w*|focus|calendar)\b/i,
    build: (topic) => ({
      name: 'Protected time',
      description: `Block one focused, uninterrupted slot for ${topic}.`,
      firstStep: 'Put a 90-minute block in the calendar today and close Slack for it.',
      whyItWorks: 'When the crux is attention rather than ability, protected time removes it.',
      obstacles: 'Urgent requests that feel more important in the moment.',
    }),
  },
  {
    cue: /\b(?:learn\w*|how to|know how|tutorial|example|technical|skill|understand|new to)\b/i,
    build: (topic) => ({
      name: 'Learn from one example',
      description: `Find one worked example of ${topic} and copy its structure.`,
      firstStep: 'Search for one public example, or ask a colleague for theirs.',
      whyItWorks: 'Adapting is faster than inventing, and it shows what good looks like.',
      obstacles: 'Examples that do not fit the case exactly; adapt rather than wait for a perfect one.',
    }),
  },
  {
    cue: /\b(?:big|overwhelm\w*|everything|scope|too much|perfect\w*|all at once|where to start)\b/i,
    build: (topic) => ({
      name: 'Smallest version',
      description: `Shrink ${topic} to a version small enough to finish today.`,
      firstStep: 'Write down the smallest version that would still teach you something, and start it.',
      whyItWorks: 'A finished small thing shows what the big thing really needs.',
      obstacles: 'The pull to do it properly, all at once.',
    }),
  },
  {
    cue: /\b(?:decide|priorit\w*|choose|which|plan|strategy|goal|direction)\b/i,
    build: (topic) => ({
      name: 'Decide what good means',
      description: `Write down what a good outcome for ${topic} looks like before starting.`,
      firstStep: 'List three criteria and rank them.',
      whyItWorks: 'Clear criteria turn a fuzzy goal into a decision.',
      obstacles: 'Wanting every criterion to matter equally.',
    }),
  },
];

/** The clause of a tactic that says how to start ("... and start by copying it"), else its first clause. */
function firstStepOf(tactic: string): string {
  const clauses = statements(tactic)
    .flatMap((s) => s.split(/[,;]\s*|\s+(?:and then|then|and)\s+(?=\S)/i))
    .map((c) => c.trim())
    .filter((c) => isSubstantive(c));
  return (
    clauses.find((c) => /\b(?:first|start|begin)\w*/i.test(c)) ??
    clauses.find((c) => FIRST_STEP.test(c)) ??
    clauses[0] ??
    tactic
  );
}

function tacticsFor(crux: string | null, allText: string, ownTactic: string | null, topic: string): Tactic[] {
  const tactics: Tactic[] = [];
  if (ownTactic) {
    const sentences = statements(ownTactic);
    tactics.push({
      name: 'Your tactic',
      description: quote(ownTactic),
      firstStep: quote(firstStepOf(ownTactic), 200),
      whyItWorks: crux
        ? `It goes straight at the crux: ${quote(crux, 200)}.`
        : 'It turns the problem into something to act on today.',
      obstacles: sentences.some((s) => OBSTACLE.test(s))
        ? `As you put it: ${quote(sentences.find((s) => OBSTACLE.test(s)) ?? ownTactic, 200)}`
        : 'Finding the time today, and following through once the first step feels done.',
    });
  }
  const ranked = TACTIC_LIBRARY.map((entry, order) => ({
    entry,
    order,
    weight: (crux && entry.cue.test(safeSlice(crux, ANALYSIS_WINDOW)) ? 2 : 0) + (entry.cue.test(allText) ? 1 : 0),
  })).sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const { entry } of ranked) {
    if (tactics.length >= 3) break;
    tactics.push(entry.build(topic));
  }
  return tactics;
}

const PARADIGMS: ReadonlyArray<(topic: string) => string> = [
  (t) => `Smallest-version approach: what would a 30-minute version of ${t} look like?`,
  (t) => `Expert approach: who has already done ${t}, and what would they try first?`,
  (t) => `Teaching approach: explain ${t} to a colleague and notice where the explanation breaks.`,
  (t) => `Reverse approach: what would guarantee ${t} fails, and how do you avoid exactly that?`,
  (t) => `Constraint approach: how would you tackle ${t} with half the time?`,
];

const PUZZLES = [
  'what would change if you treated this as an experiment rather than a test?',
  'who would you be if you didn’t need to get this right on the first try?',
  'what if the hardest part is already behind you, and the rest is just showing up?',
  'what would you do today if nobody was watching the result?',
] as const;

function puzzleFor(phrase: string, crux: string | null, seed: number): string {
  if (/\b(?:learn|master|understand|get better|skill)\w*/i.test(phrase)) {
    return 'what if mastery was less about how much you learn in one day and more about consistent practice over time?';
  }
  if (crux && /\btime\b/i.test(crux)) return 'what if time was never the real constraint, only the most comfortable one to name?';
  return pick(PUZZLES, seed);
}

/** A quote that ends a sentence: no extra full stop after a quote that already ends in one. */
function said(text: string, max = QUOTE_LIMIT): string {
  const q = quote(text, max);
  return /[.!?…]”$/.test(q) ? q : `${q}.`;
}

function answersOf(attributed: readonly AttributedTurn[], stage: StageId): string[] {
  return attributed.filter((a) => a.stage === stage && isSubstantive(a.text)).map((a) => a.text);
}

function quotes(texts: readonly string[], max = 3): string {
  return texts
    .slice(0, max)
    .map((t) => said(t))
    .join(' ');
}

/** Bound every string and drop empty list items, so the draft is valid whatever went in. */
function bounded(draft: ReportDraft): ReportDraft {
  const b = (text: string, fallback: string): string => {
    const flat = text.trim();
    return clip(flat.length > 0 ? flat : fallback, FIELD_LIMIT);
  };
  const list = (items: readonly string[], max: number): string[] =>
    items
      .map((item) => item.trim())
      .filter((item) => item.length > 0)
      .slice(0, max)
      .map((item) => clip(item, FIELD_LIMIT));
  const section = (s: { established: string; missing: string[] }) => ({
    established: b(s.established, 'Nothing was established here.'),
    missing: list(s.missing, 6),
  });
  const orNull = (text: string | null): string | null => (text && text.trim() ? clip(text.trim(), FIELD_LIMIT) : null);
  return {
    title: clip(draft.title.trim() || 'A short check-in', TITLE_LIMIT),
    significance: section(draft.significance),
    task: { ...section(draft.task), task: orNull(draft.task.task) },
    archetypes: section(draft.archetypes),
    crux: { ...section(draft.crux), crux: orNull(draft.crux.crux) },
    cruxSolutions: {
      tactics: draft.cruxSolutions.tactics.slice(0, 3).map((t) => ({
        name: b(t.name, 'Tactic'),
        description: b(t.description, 'A next step.'),
        firstStep: b(t.firstStep, 'Pick a time today to start.'),
        whyItWorks: b(t.whyItWorks, 'It turns intention into action.'),
        obstacles: b(t.obstacles, 'Finding the time.'),
      })),
    },
    beliefs: {
      limiting: list(draft.beliefs.limiting, 5),
      empowering: list(draft.beliefs.empowering, 5),
      emerging: list(draft.beliefs.emerging, 5),
      experiment: b(draft.beliefs.experiment, 'What if I believed I could make progress today?'),
    },
    factCheck: {
      facts: draft.factCheck.facts
        .filter((f) => f.claim.trim().length > 0)
        .slice(0, 8)
        .map((f) => ({ claim: clip(f.claim.trim(), FIELD_LIMIT), status: f.status })),
    },
    oneMoreThing: { observation: b(draft.oneMoreThing.observation, 'Just one more thing puzzles me… what would tomorrow look like?') },
    evaluation: {
      worked: list(draft.evaluation.worked, 5),
      improve: list(draft.evaluation.improve, 5),
      score: Math.max(1, Math.min(10, Math.round(draft.evaluation.score) || 1)),
      rationale: b(flatten(draft.evaluation.rationale), 'An honest score from the rubric.'),
    },
  };
}

/** The last resort: a valid draft that says the session could not be summarised. */
function minimalDraft(title: string): ReportDraft {
  return {
    title,
    significance: { established: 'The session could not be summarised.', missing: ['What feels like the most important problem to solve today?'] },
    task: { established: 'No specific task was defined for today.', missing: ['Identify one concrete task you could finish today.'], task: null },
    archetypes: { established: 'No distinct solution approaches were discussed.', missing: [] },
    crux: { established: 'The conversation didn’t converge on a specific crux.', missing: [], crux: null },
    cruxSolutions: {
      tactics: [
        {
          name: 'Smallest version',
          description: 'Shrink the problem to a version small enough to finish today.',
          firstStep: 'Write down the smallest version that would still teach you something.',
          whyItWorks: 'A finished small thing shows what the big thing really needs.',
          obstacles: 'The pull to do it properly, all at once.',
        },
      ],
    },
    beliefs: { limiting: [], empowering: [], emerging: [], experiment: 'What if I believed I could make progress today?' },
    factCheck: { facts: [{ claim: 'The conversation ended before any facts or assumptions came up.', status: 'known' }] },
    oneMoreThing: { observation: 'Just one more thing puzzles me… what would make tomorrow’s session easier to start?' },
    evaluation: {
      worked: ['Showing up and starting the conversation'],
      improve: ['Naming one problem, one concrete task and its crux'],
      score: 1,
      rationale: 'Score 1/10: the session could not be summarised.',
    },
  };
}

function draftFromTranscript(request: ReportRequest): ReportDraft {
  const names = namesFor(request.firstName);
  const stageReached: StageId = isStageId(String(request.stageReached)) ? request.stageReached : 'oneMoreThing';
  const transcript = Array.isArray(request.transcript) ? request.transcript : [];
  const attributed = attributePersonTurns(transcript, stageReached);
  const substantive = attributed.filter((a) => isSubstantive(a.text));
  const problem = substantive[0]?.text ?? null;
  const allText = substantive.map((a) => safeSlice(a.text, ANALYSIS_WINDOW)).join('\n');
  const seed = hashText(allText);

  // --- what each stage established
  const significanceAnswersAll = answersOf(attributed, 'significance').filter((t) => t !== problem);
  const taskAnswers = answersOf(attributed, 'task');
  const archetypeAnswers = answersOf(attributed, 'archetypes');
  const cruxAnswers = answersOf(attributed, 'crux');
  const tacticAnswers = answersOf(attributed, 'cruxSolutions');
  const beliefAnswers = answersOf(attributed, 'beliefs');
  const factAnswers = answersOf(attributed, 'factCheck');

  // The task stage's answers first; then any explicit, concrete task said elsewhere.
  const task =
    taskAnswers.map(taskSentence).find((s) => s !== null) ??
    substantive.map((a) => taskSentence(a.text)).find((s) => s !== null) ??
    null;
  const crux =
    cruxAnswers.map((t) => cruxSentence(t, true)).find((s) => s !== null) ??
    substantive.map((a) => cruxSentence(a.text, false)).find((s) => s !== null) ??
    null;
  const ownTactic = tacticAnswers[0] ?? null;
  // An answer that stated the task or the crux is reported there, not as talk about why it matters.
  const significanceAnswers = significanceAnswersAll.filter(
    (t) => !(task && t.includes(task)) && !(crux && t.includes(crux)),
  );
  // Stakes talk said in a later stage (an answer that was not what that stage asked for) still counts.
  const laterStakes = substantive
    .filter(
      (a) =>
        a.text !== problem &&
        a.stage !== 'significance' &&
        STAKES.test(safeSlice(a.text, ANALYSIS_WINDOW)) &&
        taskSentence(a.text) === null &&
        (!crux || !a.text.includes(crux)),
    )
    .map((a) => a.text);
  // Each answer in the archetypes stage names at least one approach; "or"/"another"/a list names more.
  const approaches = archetypeAnswers.reduce((sum, t) => sum + approachCount(t), 0);

  const personSentences = substantive.flatMap((a) => statements(a.text).map((s) => ({ s, stage: a.stage })));
  const limiting = personSentences.filter((p) => LIMITING.test(p.s)).map((p) => quote(p.s, 200));
  const empowering = personSentences.filter((p) => EMPOWERING.test(p.s) && !LIMITING.test(p.s)).map((p) => quote(p.s, 200));
  const beliefsExamined = beliefAnswers.length > 0 || factAnswers.length > 0 || limiting.length > 0;

  const evidence: SessionEvidence = {
    personTurns: substantive.length,
    significanceAnswers: significanceAnswers.length + laterStakes.length,
    task,
    taskHasTimeBox: task !== null && hasTimeBox(task),
    taskHasSuccessCriterion: task !== null && hasSuccessCriterion(task),
    approaches,
    crux,
    ownTactic: ownTactic !== null,
    beliefsExamined,
  };
  const rubric = scoreSession(evidence);

  // What the prompts are about: the problem for why-it-matters and the crux, the task (if any) for how.
  const problemPhrase = (problem && keyPhrase(problem)) || null;
  const problemTopic = problemPhrase ? `“${problemPhrase}”` : 'today’s problem';
  const topicPhrase = (task && keyPhrase(task)) || problemPhrase;
  const topic = topicPhrase ? `“${topicPhrase}”` : 'today’s problem';

  // --- 1. significance
  const sigParts: string[] = [];
  if (problem) sigParts.push(`${names.subject} named the problem: ${said(problem)}`);
  if (significanceAnswers.length > 0) sigParts.push(`On why it matters: ${quotes(significanceAnswers)}`);
  if (laterStakes.length > 0) sigParts.push(`Later, on the stakes: ${quotes(laterStakes, 2)}`);
  if (problem && significanceAnswers.length + laterStakes.length === 0) sigParts.push('Why it matters was not explored.');
  const stakesText = [...significanceAnswers, ...laterStakes].join(' ');
  const sigMissing: string[] = [];
  if (!problem) {
    sigMissing.push('What feels like the most important problem to solve today?', 'Why does it matter, and to whom?');
  } else {
    if (!/\b(?:would|could|will|so that|means|unlock|change|help|better)\b/i.test(stakesText))
      sigMissing.push(`What specifically would change if ${problemTopic} were solved?`);
    if (!/\b(?:team|customers?|users?|clients?|company|manager|boss|family|colleagues?|we|our|they)\b/i.test(stakesText))
      sigMissing.push(`Who else is affected if ${problemTopic} stays unsolved?`);
    if (!/\b(?:now|this (?:week|month|quarter)|deadline|soon|urgent|before)\b/i.test(stakesText))
      sigMissing.push(`Why does ${problemTopic} matter now rather than next quarter?`);
  }

  // --- 2. task
  const taskParts: string[] = [];
  if (task) {
    taskParts.push(`${names.subject} committed to: ${said(task)}`);
    taskParts.push(
      `Time box: ${evidence.taskHasTimeBox ? 'set' : 'not set'}. Success criteria: ${evidence.taskHasSuccessCriterion ? 'set' : 'not set'}.`,
    );
  } else {
    taskParts.push('No specific task was defined for today.');
    if (taskAnswers[0]) taskParts.push(`The closest it came: ${said(taskAnswers[0])}`);
  }
  const taskMissing: string[] = [];
  if (!task) {
    const lastTask = request.memory?.lastTask;
    if (typeof lastTask === 'string' && lastTask.trim()) taskMissing.push(`Build on the last task, ${quote(lastTask, 120)}: what is the next step?`);
    taskMissing.push(
      `Identify one concrete step toward ${topic} that you could finish today`,
      'Set success criteria (e.g. what will you be able to show when it is done?)',
      'Time box the task (e.g. a 90-minute block before lunch)',
    );
  } else {
    if (!evidence.taskHasSuccessCriterion) taskMissing.push('Set success criteria: what will tell you it is done?');
    if (!evidence.taskHasTimeBox) taskMissing.push('Time box it: how long will you give it, and when will you start?');
  }

  // --- 3. archetypes
  const archetypesEstablished =
    archetypeAnswers.length > 0
      ? `Approaches discussed: ${quotes(archetypeAnswers)}${approaches >= 2 ? '' : ' One approach so far.'}`
      : 'No distinct solution approaches were discussed.';
  const paradigmCount = approaches >= 2 ? 1 : 3;
  const archetypesMissing = Array.from({ length: paradigmCount }, (_, i) =>
    (PARADIGMS[(seed + i) % PARADIGMS.length] ?? PARADIGMS[0]!)(topic),
  );

  // --- 4. crux
  const cruxEstablished = crux
    ? `Core constraint: ${said(crux)}`
    : cruxAnswers[0]
      ? `The conversation didn’t converge on a specific crux. The closest it came: ${said(cruxAnswers[0])}`
      : 'The conversation didn’t converge on a specific crux.';
  const cruxMissing = crux
    ? [`Test it: if that constraint vanished tomorrow, would ${problemTopic} be easy?`]
    : [
        `Is the bottleneck knowing where to start on ${problemTopic}, or finding the time for it?`,
        `What if the real crux is getting feedback on ${problemTopic} early?`,
        `Could the real crux be picking the one part of ${problemTopic} that matters most?`,
      ];

  // --- 5. crux solutions
  const tactics = tacticsFor(crux, allText, ownTactic, topic);

  // --- 6. beliefs
  const firstLimiting = personSentences.find((p) => LIMITING.test(p.s))?.s;
  const emerging = [
    '“I can get there one concrete step at a time.”',
    '“Done today beats perfect later.”',
    ...(firstLimiting ? ['“It’s okay to learn in public and iterate with feedback.”'] : []),
  ];
  const experiment = firstLimiting
    ? `What if I believed the opposite of ${quote(firstLimiting, 160)}? What would I try first today?`
    : `What if I believed I’m already adding unique value to ${problemTopic}? How would I approach today differently?`;

  // --- 7. fact check: the fact-check stage's sentences first, then the rest, in order.
  const factCandidates = [
    ...personSentences.filter((p) => p.stage === 'factCheck'),
    ...personSentences.filter((p) => p.stage !== 'factCheck'),
  ];
  const assumed = factCandidates.filter((p) => ASSUMED.test(p.s)).slice(0, 4);
  const known = factCandidates.filter((p) => !ASSUMED.test(p.s) && KNOWN.test(p.s)).slice(0, 3);
  const facts: Array<{ claim: string; status: 'known' | 'assumed' }> = [
    ...known.map((p) => ({ claim: quote(p.s, 240), status: 'known' as const })),
    ...assumed.map((p) => ({ claim: quote(p.s, 240), status: 'assumed' as const })),
  ];
  if (facts.length === 0) {
    facts.push(
      topicPhrase
        ? { claim: `${problemTopic} is the most important problem to solve today.`, status: 'assumed' }
        : { claim: 'The conversation ended before any facts or assumptions came up.', status: 'known' },
    );
  }

  // --- 8. just one more thing
  const columboSource = problem ?? substantive[substantive.length - 1]?.text ?? null;
  const columboPhrase = columboSource ? (keyPhrase(columboSource, { maxWords: 12, maxChars: 90 }) ?? null) : null;
  const observation = columboPhrase
    ? `I notice you mentioned “${columboPhrase}”. Just one more thing puzzles me… ${puzzleFor(columboPhrase, crux, seed)}`
    : 'I notice we didn’t get to a problem today. Just one more thing puzzles me… what would make it easier to name one tomorrow morning?';

  // --- evaluation
  const earnedText: Record<string, string> = {
    significance: `Exploring why ${problemTopic} matters to ${names.object}`,
    task: `Landing one concrete task for today: ${quote(task ?? '', 120)}`,
    archetypes: 'Considering more than one way to approach it',
    crux: `Naming the crux: ${quote(crux ?? '', 120)}`,
    cruxSolutions: 'Turning the crux into a first step',
    beliefs: 'Examining the beliefs and assumptions behind the plan',
  };
  const missedText: Record<string, string> = {
    task: 'Defining a concrete task, with success criteria and a time box, for today',
    taskCriteria: 'Giving the task both a time box and a clear sign that it is done',
    crux: 'Identifying the core constraint that would make the biggest difference',
    archetypes: 'Exploring at least two solution approaches to unlock new thinking',
    significance: `Asking why the problem matters, and to whom`,
    significanceDepth: `Going one level deeper on why ${problemTopic} matters, and to whom`,
    cruxSolutions: 'Turning the crux into a tactic with a first step',
    beliefs: 'Examining limiting beliefs and untested assumptions',
    engagement: 'Staying with the conversation for a few more turns',
  };
  const coachTurns = transcript.filter((t) => t && t.role === 'coach');
  const reflected = reflectionRate(transcript);
  const worked = rubric.earned.map((item) => earnedText[item]).filter((t): t is string => Boolean(t));
  if (coachTurns.length >= 2 && reflected >= 0.5) worked.push(`Reflecting ${names.possessive} own words back`);
  if (worked.length === 0) worked.push('Showing up and starting the conversation');
  const improve = rubric.missed.map((item) => missedText[item]).filter((t): t is string => Boolean(t));
  if (improve.length === 0) improve.push('Checking in tomorrow on how the task went, and whether the crux still holds');

  return {
    title: titleFrom(problem, request.date),
    significance: {
      established: sigParts.length > 0 ? sigParts.join(' ') : 'The conversation didn’t get as far as naming a problem.',
      missing: sigMissing,
    },
    task: { established: taskParts.join(' '), missing: taskMissing, task: task ? clip(flatten(task), 300) : null },
    archetypes: { established: archetypesEstablished, missing: archetypesMissing },
    crux: { established: cruxEstablished, missing: cruxMissing, crux: crux ? clip(flatten(crux), 300) : null },
    cruxSolutions: { tactics },
    beliefs: { limiting: limiting.slice(0, 3), empowering: empowering.slice(0, 3), emerging, experiment },
    factCheck: { facts },
    oneMoreThing: { observation },
    evaluation: {
      worked,
      improve,
      score: rubric.score,
      rationale: rationaleFor(rubric.score, evidence, problemTopic),
    },
  };
}

/** Share of coach questions (after the first) that reuse three consecutive words of the person's previous message. */
function reflectionRate(transcript: readonly Turn[]): number {
  let asked = 0;
  let reused = 0;
  let previousPerson: string | null = null;
  for (const turn of transcript) {
    if (!turn || typeof turn.text !== 'string') continue;
    if (turn.role === 'person') {
      previousPerson = turn.text;
    } else if (turn.role === 'coach' && previousPerson !== null && isSubstantive(previousPerson)) {
      asked += 1;
      const words = wordsOf(previousPerson);
      const coach = wordsOf(turn.text).join(' ');
      for (let i = 0; i + 3 <= words.length; i += 1) {
        if (coach.includes(words.slice(i, i + 3).join(' '))) {
          reused += 1;
          break;
        }
      }
    }
  }
  return asked === 0 ? 0 : reused / asked;
}

function rationaleFor(score: number, evidence: SessionEvidence, topic: string): string {
  const reachedBoth = evidence.task !== null && evidence.crux !== null;
  if (evidence.personTurns <= 1) return `Score ${score}/10: the session ended before there was a conversation to coach.`;
  if (reachedBoth) {
    return `Score ${score}/10: the conversation converged on a concrete task and its crux${score >= 9 ? ', and turned them into a plan' : ', with room to go deeper on approaches, tactics or beliefs'}.`;
  }
  if (evidence.task) return `Score ${score}/10: a concrete task was defined for ${topic}, but the conversation never named the crux.`;
  if (evidence.crux) return `Score ${score}/10: the crux was named, but no concrete task was defined for today.`;
  return `Score ${score}/10: ${evidence.significanceAnswers > 0 ? `the conversation explored why ${topic} matters but` : 'the conversation'} never defined a concrete task for today or named a crux.`;
}

/**
 * The whole Deep Thoughts report from the transcript, without a model.
 * Never throws: whatever the transcript, the result passes ReportDraftSchema.
 */
export function buildReportFromTranscript(request: ReportRequest): ReportDraft {
  let title = 'A short check-in';
  try {
    const draft = bounded(draftFromTranscript(request));
    title = draft.title;
    const parsed = ReportDraftSchema.safeParse(draft);
    if (parsed.success) return parsed.data;
  } catch {
    // Fall through: a report from the transcript is the last line of defence, so it degrades, never fails.
  }
  return minimalDraft(title);
}

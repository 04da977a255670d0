import { ANALYSIS_WINDOW, safeSlice } from './text';
import { contentWords, isSubstantive, statements } from './words';

/**
 * What a message shows about a stage: a concrete task, a crux, approaches,
 * stakes, beliefs, facts. Patterns, not understanding: each one is tuned to
 * miss rather than to invent, since the report quotes what they find.
 */

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

/** How people name a crux without being asked for one ("the hardest part is", "I keep"). */
const CRUX_MARKER =
  /\b(?:the crux|bottleneck|blocker|(?:the|my|our) (?:hardest|biggest|real|main|core) (?:part|thing|problem|issue|obstacle|challenge|constraint)|(?:stopping|blocking|holding) (?:me|us)(?: back)?|the (?:problem|issue|constraint) is|i (?:don'?t|do not) (?:know how|have (?:the )?time)|i (?:can'?t|cannot|keep))\b/i;

/** The sentence of an answer that names the crux; `stated` when the answer was to a crux question. */
export function cruxSentence(text: string, stated: boolean): string | null {
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

/** Talk about why it matters: who is affected, what it costs, what it unlocks. */
export const STAKES =
  /\b(?:team|customers?|users?|clients?|company|career|manager|boss|family|matters?|because|so that|help|impact|stakes|cost|risk|promotion|revenue|deadline|succeed)\b/i;
/** A belief that holds the person back ("I'm not technical enough"). */
export const LIMITING =
  /\b(?:i can'?t|i cannot|i'?m not|i am not|not (?:good|smart|technical|experienced|senior|ready) enough|i don'?t know how|i'?ll never|i never|i always|i should|i have to|i must|need to know everything|imposter|impostor|afraid|scared|worried|fear|too (?:old|late|slow|junior|busy|hard))\b/i;
/** A belief that carries the person forward ("I learn fast"). */
export const EMPOWERING =
  /\b(?:i can(?!'t|not)|i'?m good at|i know how|i'?ve done|i have done|i love|i enjoy|excited|motivat\w*|i'?m (?:great|strong|capable|able)|i believe i can|i learn fast)\b/i;
/** Hedges and generalisations: a claim said this way is an assumption to check. */
export const ASSUMED =
  /\b(?:i think|i guess|i assume|assum\w*|probably|maybe|might|should|will|would|i feel|i believe|seems?|everyone|always|never|the best|the only|must|surely)\b/i;
/** Past events and counted things read as known; a time ("by 2pm") is a plan, not a fact. */
export const KNOWN =
  /\b(?:already|i have|we have|i did|we did|i know|we know|i'?ve|we'?ve|happened|last (?:week|month|year|quarter)|yesterday|\d+(?:\.\d+)?\s*(?:%|percent|deals|customers|users|people|tickets|bugs|days|weeks|months|years|times)|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of) (?:deals|customers|users|people|tickets|bugs|times))\b/i;
/** Verbs that start things: how a tactic's first step is recognised. */
export const FIRST_STEP = /\b(?:first|start|begin|ask|schedule|book|block|message|email|call|write|open|set up|list)\b/i;
/** Words that name what could go wrong with a tactic. */
export const OBSTACLE = /\b(?:but|hard|might|risk|worry|unless|if|obstacle|problem)\b/i;

import { FIRST_STEP, OBSTACLE } from './heuristics';
import { ANALYSIS_WINDOW, pick, quote, safeSlice } from './text';
import { isSubstantive, statements } from './words';

/**
 * What the report suggests when the conversation did not supply it: tactics
 * against the crux, other ways to approach the problem, and the closing
 * puzzle. Chosen by the person's words and a stable seed, never at random.
 */

export interface Tactic {
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

/** Up to three tactics: the person's own first, then the library's, best match to the crux first. */
export function tacticsFor(crux: string | null, allText: string, ownTactic: string | null, topic: string): Tactic[] {
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

/** Archetypal ways into any problem, offered when the person named fewer than two. */
const PARADIGMS: ReadonlyArray<(topic: string) => string> = [
  (t) => `Smallest-version approach: what would a 30-minute version of ${t} look like?`,
  (t) => `Expert approach: who has already done ${t}, and what would they try first?`,
  (t) => `Teaching approach: explain ${t} to a colleague and notice where the explanation breaks.`,
  (t) => `Reverse approach: what would guarantee ${t} fails, and how do you avoid exactly that?`,
  (t) => `Constraint approach: how would you tackle ${t} with half the time?`,
];

/** `count` approaches to try on the topic, in a stable order that varies with the seed. */
export function paradigmsFor(topic: string, seed: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (PARADIGMS[(seed + i) % PARADIGMS.length] ?? PARADIGMS[0]!)(topic));
}

/** Columbo's closing questions when the phrase itself suggests none. */
const PUZZLES = [
  'what would change if you treated this as an experiment rather than a test?',
  'who would you be if you didn’t need to get this right on the first try?',
  'what if the hardest part is already behind you, and the rest is just showing up?',
  'what would you do today if nobody was watching the result?',
] as const;

/** The question that closes the Columbo-style observation about the phrase. */
export function puzzleFor(phrase: string, crux: string | null, seed: number): string {
  if (/\b(?:learn|master|understand|get better|skill)\w*/i.test(phrase)) {
    return 'what if mastery was less about how much you learn in one day and more about consistent practice over time?';
  }
  if (crux && /\btime\b/i.test(crux)) return 'what if time was never the real constraint, only the most comfortable one to name?';
  return pick(PUZZLES, seed);
}


import { isStageId } from '../../src/coach/stages';
import type { Turn } from '../../src/coach/transcript';

/**
 * A transcript from lines: "P: ..." for the person, "C: ..." for the coach,
 * and "P[task]: ...", "C[task]: ..." for a message that recorded its stage.
 */
export function transcript(...lines: string[]): Turn[] {
  const start = Date.UTC(2025, 0, 6, 8, 0);
  return lines.map((line, i) => {
    const [, who, stage] = /^([PC])(?:\[(\w+)\])?: /.exec(line) ?? [];
    if (stage !== undefined && !isStageId(stage)) throw new Error(`not a stage: ${stage}`);
    return {
      role: who === 'C' ? ('coach' as const) : ('person' as const),
      text: line.replace(/^[PC](?:\[\w+\])?: /, ''),
      at: new Date(start + i * 60_000),
      ...(stage ? { stage } : {}),
    };
  });
}

/**
 * The reference conversation (/work/shared/reference/sample-session.md, which
 * its own coach scored 6/10), as the person said it. Significance used its
 * three turns, so the state machine moved the last two questions into the task stage.
 */
export const REFERENCE = transcript(
  'P[significance]: good morning',
  'C[significance]: Good morning, Michael! 🌅\n\nWhat feels like the most important problem to solve today?',
  'P[significance]: I want to really learn evals and use of langsmith today!',
  'C[significance]: What makes mastering evals and LangSmith feel particularly significant right now?',
  'P[significance]: Its the skill to learn as an AI product manager, I want to be a thought leader here1',
  'C[significance]: What would becoming a thought leader in AI product management actually change for you beyond the professional recognition?',
  'P[significance]: I can help my new team in my new company really move the needle on this topic, and succeed',
  'C[task]: What specific needle does your team need to move that evals mastery would unlock for them?',
  'P[task]: Using LLMs actively in our product in a delightful way',
  "C[task]: What's the gap between where your team is now with LLMs and that delightful user experience you're envisioning?",
  'P[task]: wrap up',
);

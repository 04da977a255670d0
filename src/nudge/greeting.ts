import { OPENING_QUESTION, greeting } from '../coach/prompts';
import { clip } from '../coach/text';

/**
 * The morning nudge's words: what the coach says first in the day's session.
 * Plain text, as the transcript keeps it; src/slack/blocks/nudge.ts renders
 * (and escapes) the same words as Block Kit.
 */
export interface NudgeContent {
  sessionId: string;
  firstName: string | null;
  /** Today's concrete task of the person's last completed report, if it set one. */
  lastTask: string | null;
  /** 'morning' for the scheduled nudge; 'now' when the person pressed Start a session now. */
  kind: 'morning' | 'now';
}

/** A task quoted back is kept short; the full one is in the report. */
const MAX_TASK_QUOTE = 300;

export function hello(content: NudgeContent): string {
  const name = content.firstName?.trim();
  if (content.kind === 'now') return name ? `Hi, ${name}! 🌅` : 'Hi! 🌅';
  return name ? greeting(name) : 'Good morning! 🌅';
}

export function recall(task: string): string {
  return `Last time you set yourself a task: “${clip(task, MAX_TASK_QUOTE)}”. How did it go?`;
}

/** The nudge's words as the transcript keeps them (plain, unescaped). */
export function nudgeText(content: NudgeContent): string {
  const lines = [hello(content)];
  if (content.lastTask) lines.push(recall(content.lastTask));
  lines.push(OPENING_QUESTION);
  return lines.join('\n');
}

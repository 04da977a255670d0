import { clip } from '../coach/text';
import { fill, wordsForSlack, type Words } from '../words/catalog';

/**
 * The morning nudge's words: what the coach says first in the day's session,
 * in the person's language (the catalog, by their Slack locale). Plain text,
 * as the transcript keeps it; src/slack/blocks/nudge.ts renders (and escapes)
 * the same words as Block Kit.
 */
export interface NudgeContent {
  sessionId: string;
  firstName: string | null;
  /** Slack's locale for the person ("de-DE"); English words when null or one the catalog lacks. */
  locale?: string | null;
  /** Today's concrete task of the person's last completed report, if it set one. */
  lastTask: string | null;
  /** 'morning' for the scheduled nudge; 'now' when the person pressed Start a session now. */
  kind: 'morning' | 'now';
}

/** A task quoted back is kept short; the full one is in the report. */
const MAX_TASK_QUOTE = 300;

export function nudgeWords(content: Pick<NudgeContent, 'locale'>): Words {
  return wordsForSlack(content.locale);
}

export function hello(content: Pick<NudgeContent, 'firstName' | 'kind' | 'locale'>): string {
  const w = nudgeWords(content);
  const name = content.firstName?.trim();
  if (content.kind === 'now') return name ? fill(w.nudgeHi, { name }) : w.nudgeHiNoName;
  return name ? fill(w.nudgeHello, { name }) : w.nudgeHelloNoName;
}

export function recall(task: string, words: Words): string {
  return fill(words.nudgeRecall, { task: clip(task, MAX_TASK_QUOTE) });
}

/** The nudge's words as the transcript keeps them (plain, unescaped). */
export function nudgeText(content: NudgeContent): string {
  const w = nudgeWords(content);
  const lines = [hello(content)];
  if (content.lastTask) lines.push(recall(content.lastTask, w));
  lines.push(w.openingQuestion);
  return lines.join('\n');
}

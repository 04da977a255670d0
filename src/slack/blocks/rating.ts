import type { ActionsBlock, KnownBlock } from '@slack/types';
import { RATINGS } from '../../coach/archive';
import type { Words } from '../../words/catalog';
import { escapeMrkdwn } from '../mrkdwn';
import { RATE_ACTIONS } from './ids';

/**
 * The person's own rating of a session: five buttons under its report, and
 * the line that shows it beside the coach's score. Pure.
 */

/** Stable, so a test or a listener can find the block; one per message. */
export const RATE_BLOCK_ID = 'rate_session';

/** "How useful was this session for you?" and the buttons 1-5, each carrying the session id. */
export function ratingBlocks(sessionId: string, words: Words): KnownBlock[] {
  const buttons: ActionsBlock = {
    type: 'actions',
    block_id: RATE_BLOCK_ID,
    elements: RATINGS.map((n) => ({
      type: 'button' as const,
      text: { type: 'plain_text' as const, text: String(n), emoji: true },
      action_id: RATE_ACTIONS[n],
      value: sessionId,
    })),
  };
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(words.ratePrompt) }] }, buttons];
}

/** "You rated it 4/5", or null when they have not rated it. */
export function ratingLine(rating: number | null | undefined, words: Words): string | null {
  return typeof rating === 'number' ? escapeMrkdwn(words.youRated.replace('{rating}', String(rating))) : null;
}

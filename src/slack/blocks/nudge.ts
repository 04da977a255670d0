/**
 * The morning nudge: the root DM of the day's session. Pure: data in, the
 * stored words and the Block Kit message out.
 *
 * "Good morning, <first name>! 🌅", then (when the last completed report set
 * a concrete task) a question about how it went, then the one opening
 * question; buttons Skip today and Wrap up (for later: it asks first). Names and tasks
 * came from people, so they are escaped wherever Slack parses mrkdwn.
 */
import type { ActionsBlock, KnownBlock } from '@slack/types';
import { OPENING_QUESTION } from '../../coach/prompts';
import { hello, nudgeText, recall, type NudgeContent } from '../../nudge/greeting';
import { escapeMrkdwn } from '../mrkdwn';
import { HOME_ACTIONS } from './home-ids';
import type { SlackMessage } from './message';

export type { NudgeContent } from '../../nudge/greeting';
import { wrapUpButton } from './report';

export function renderNudge(content: NudgeContent): SlackMessage {
  const e = escapeMrkdwn;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: e(hello(content)) } }];
  if (content.lastTask) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: e(recall(content.lastTask)) } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${e(OPENING_QUESTION)}*` } });
  blocks.push(nudgeActions(content.sessionId));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Reply in this thread. Type “wrap up” whenever you want your Deep Thoughts report.' }],
  });
  return { text: e(nudgeText(content)), blocks };
}

function nudgeActions(sessionId: string): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Skip today', emoji: true },
        action_id: HOME_ACTIONS.skipToday,
        value: sessionId,
      },
      // There whenever they are ready; refused with a kind word while nothing has been said.
      wrapUpButton(sessionId),
    ],
  };
}

/** The nudge after Skip today: the same words, the buttons replaced by a note. */
export function renderNudgeSkipped(firstName: string | null): SlackMessage {
  const e = escapeMrkdwn;
  const hi = hello({ sessionId: '', firstName, lastTask: null, kind: 'morning' });
  return {
    text: `${e(hi)} Skipped today. See you next time.`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: e(hi) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Skipped today ✅ See you next time. You can still write to me whenever you like.' }] },
    ],
  };
}

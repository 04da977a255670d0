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
import { hello, nudgeText, nudgeWords, recall, type NudgeContent } from '../../nudge/greeting';
import { fill, type Words } from '../../words/catalog';
import { escapeMrkdwn } from '../mrkdwn';
import { HOME_ACTIONS } from './home-ids';
import type { SlackMessage } from './message';

export type { NudgeContent } from '../../nudge/greeting';
import { wrapUpButton } from './report';

export function renderNudge(content: NudgeContent): SlackMessage {
  const e = escapeMrkdwn;
  const w = nudgeWords(content);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: e(hello(content)) } }];
  if (content.lastTask) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: e(recall(content.lastTask, w)) } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${e(w.openingQuestion)}*` } });
  blocks.push(nudgeActions(content.sessionId, w));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: e(w.nudgeHint) }] });
  return { text: e(nudgeText(content)), blocks };
}

function nudgeActions(sessionId: string, w: Words): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: w.skipTodayButton, emoji: true },
        action_id: HOME_ACTIONS.skipToday,
        value: sessionId,
      },
      // There whenever they are ready; refused with a kind word while nothing has been said.
      wrapUpButton(sessionId, w),
    ],
  };
}

/** The nudge after Skip today: the same words, the buttons replaced by a note. */
export function renderNudgeSkipped(firstName: string | null, w: Words): SlackMessage {
  const e = escapeMrkdwn;
  const name = firstName?.trim();
  const hi = name ? fill(w.nudgeHello, { name }) : w.nudgeHelloNoName;
  return {
    text: `${e(hi)} ${e(w.skippedToday)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: e(hi) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: e(w.skippedTodayNote) }] },
    ],
  };
}

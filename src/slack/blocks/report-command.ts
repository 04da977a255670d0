import type { KnownBlock } from '@slack/types';
import type { ReportSummary } from '../../coach/archive';
import type { Report } from '../../coach/report';
import { escapeMrkdwn } from '../mrkdwn';
import { ACTIONS } from './ids';
import type { SlackMessage } from './message';
import { renderReportParts } from './report';
import { ratingBlocks, ratingLine } from './rating';
import { clip } from '../../coach/text';
import { COPY } from '../copy';

/** Ephemeral answers of /coach-report. Pure: data in, Block Kit out. */

const USAGE = [
  '*`/coach-report`* — your latest Deep Thoughts report',
  '*`/coach-report list`* — your last 10 sessions',
  '*`/coach-report 2026-11-24`* — the report of that day',
  '*`/coach-report export`* — everything I hold about you, as a file in our DM',
  '*`/coach-report delete`* — delete everything I hold about you (asks first)',
  '*`/coach-report help`* — this help',
].join('\n');

export function renderHelp(notUnderstood?: string): SlackMessage {
  const intro = notUnderstood
    ? `I didn't understand “${escapeMrkdwn(clip(notUnderstood, 200))}”. Here is what I can do:`
    : 'Here is what I can do:';
  return {
    text: `${notUnderstood ? `I didn't understand that. ` : ''}Usage: /coach-report [list | YYYY-MM-DD | export | delete | help]`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      { type: 'section', text: { type: 'mrkdwn', text: USAGE } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Only you can see your reports.' }] },
    ],
  };
}

export function renderReportList(summaries: ReportSummary[]): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your recent Deep Thoughts', emoji: true } }];
  const line = (s: ReportSummary) => [`${escapeMrkdwn(clip(s.title, 200))} · score ${s.score}/10`, ratingLine(s.rating, COPY)].filter(Boolean).join(' · ');
  for (const s of summaries) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${s.date}* · ${line(s)}` },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'Open', emoji: true },
        action_id: ACTIONS.openReport,
        value: s.sessionId,
      },
    });
  }
  return {
    text: summaries.map((s) => `${s.date} · ${line(s)}`).join('\n'),
    blocks,
  };
}

export function renderNoReport(why: 'none' | 'date' | 'gone', date?: string): SlackMessage {
  const text =
    why === 'date'
      ? `There's no report for ${date}. \`/coach-report list\` shows the days that have one.`
      : why === 'gone'
        ? "I can't find that report. `/coach-report list` shows the ones you have."
        : "You don't have any reports yet. Reply to my morning message (or send me a DM) to start a session, then type “wrap up” when you're done.";
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function renderOpenSession(sessionId: string): SlackMessage {
  const text = "Today's session is still open. Wrap it up to get its report.";
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Wrap up now', emoji: true },
            action_id: ACTIONS.wrapUp,
            value: sessionId,
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/**
 * A stored report as ephemeral responses. A response_url takes at most five
 * messages, so the transcript stays in the session's thread, where it was
 * posted at wrap-up, and a report too long for four messages says where the
 * rest is rather than failing on the fifth.
 */
export function renderReportResponse(report: Report, rateSessionId?: string): SlackMessage[] {
  const { report: messages } = renderReportParts(report);
  // The last response carries the rating buttons, so the person can rate (or re-rate) from here too.
  const rate = rateSessionId ? ratingBlocks(rateSessionId, COPY) : [];
  const note = (text: string): SlackMessage => ({ text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }, ...rate] });
  if (messages.length <= 4) return [...messages, note(`The conversation transcript is in the session’s thread in our DM (${report.date}).`)];
  return [...messages.slice(0, 4), note(`The rest of this report and its transcript are in the session’s thread in our DM (${report.date}).`)];
}


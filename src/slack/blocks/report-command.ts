import type { KnownBlock } from '@slack/types';
import type { ReportSummary } from '../../coach/archive';
import type { Report } from '../../coach/report';
import { escapeMrkdwn } from '../mrkdwn';
import { ACTIONS } from './ids';
import type { SlackMessage } from './message';
import { localDateText, renderReportParts } from './report';
import { ratingBlocks, ratingLine } from './rating';
import { clip } from '../../coach/text';
import { fill, type Words } from '../../words/catalog';

/** Ephemeral answers of /coach-report. Pure: data in, Block Kit out. */

/** The commands, each with what it does in the person's words. */
function usage(w: Words): string {
  return [
    ['/coach-report', w.commandLatest],
    ['/coach-report list', w.commandList],
    ['/coach-report 2026-11-24', w.commandDate],
    ['/coach-report export', w.commandExport],
    ['/coach-report delete', w.commandDelete],
    ['/coach-report help', w.commandHelp],
  ]
    .map(([command, what]) => `*\`${command}\`* — ${what}`)
    .join('\n');
}

export function renderHelp(w: Words, notUnderstood?: string): SlackMessage {
  const intro = notUnderstood ? fill(w.commandNotUnderstood, { text: escapeMrkdwn(clip(notUnderstood, 200)) }) : w.commandWhatICanDo;
  return {
    text: `${notUnderstood ? `${w.commandNotUnderstoodShort} ` : ''}${w.commandUsage} /coach-report [list | YYYY-MM-DD | export | delete | help]`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: intro } },
      { type: 'section', text: { type: 'mrkdwn', text: usage(w) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: w.commandOnlyYou }] },
    ],
  };
}

export function renderReportList(summaries: ReportSummary[], w: Words): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: w.recentReports, emoji: true } }];
  const line = (s: ReportSummary) => [`${escapeMrkdwn(clip(s.title, 200))} · ${fill(w.reportScore, { score: s.score })}`, ratingLine(s.rating, w)].filter(Boolean).join(' · ');
  for (const s of summaries) {
    blocks.push({
      type: 'section',
      // The date as /coach-report takes it (YYYY-MM-DD), so the person can type it back.
      text: { type: 'mrkdwn', text: `*${s.date}* · ${line(s)}` },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: w.openButton, emoji: true },
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

export function renderNoReport(w: Words, why: 'none' | 'date' | 'gone', date?: string): SlackMessage {
  const text = why === 'date' ? fill(w.noReportOnDate, { date: date ?? '' }) : why === 'gone' ? w.reportGone : w.noReportsYet;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

export function renderOpenSession(sessionId: string, w: Words): SlackMessage {
  const text = w.sessionStillOpen;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: w.wrapUpNowButton, emoji: true },
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
export function renderReportResponse(report: Report, words: Words, rateSessionId?: string): SlackMessage[] {
  const { report: messages } = renderReportParts(report, words);
  // The last response carries the rating buttons, so the person can rate (or re-rate) from here too.
  const rate = rateSessionId ? ratingBlocks(rateSessionId, words) : [];
  const note = (text: string): SlackMessage => ({ text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }, ...rate] });
  const date = localDateText(report.date, words);
  if (messages.length <= 4) return [...messages, note(fill(words.transcriptInThread, { date }))];
  return [...messages.slice(0, 4), note(fill(words.restInThread, { date }))];
}


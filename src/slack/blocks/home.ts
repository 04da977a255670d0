/**
 * The App Home (views.publish): the next nudge in the person's own time and
 * zone, the settings (a timepicker, weekday checkboxes, pause until a date or
 * resume, skip today), Start a session now, the last five reports, each
 * with a button that opens it, and the person's data (export, delete). Pure: a HomeModel in, a Home view out, always
 * within Slack's 100 blocks; everything that came from a person or the model
 * (names, report titles) is escaped.
 */
import type { ActionsBlock, Button, KnownBlock, PlainTextOption, SectionBlock } from '@slack/types';
import type { Report } from '../../coach/report';
import type { HomeModel } from '../../home/service';
import { formatMinute, isPausedOn } from '../../nudge/schedule';
import { escapeMrkdwn } from '../mrkdwn';
import { HOME_ACTIONS } from './home-ids';
import { MAX_MODAL_TITLE, MAX_VIEW_BLOCKS } from './limits';
import { renderHomePrivacy } from './privacy';
import { ratingLine } from './rating';
import { renderReportParts } from './report';
import { clip } from '../../coach/text';
import { fill, type Words } from '../../words/catalog';

export interface HomeView {
  type: 'home';
  blocks: KnownBlock[];
}

export interface ModalView {
  type: 'modal';
  title: { type: 'plain_text'; text: string; emoji?: boolean };
  close: { type: 'plain_text'; text: string };
  blocks: KnownBlock[];
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Report titles are the model's; the list shows them short. */
const MAX_LISTED_TITLE = 120;

const e = escapeMrkdwn;

/** "Tue 3 Mar" for a local date, with the year when it is not this one. */
export function formatLocalDate(date: string, today?: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = WEEKDAY_NAMES[(d.getUTCDay() + 6) % 7]!.slice(0, 3);
  const year = today && today.slice(0, 4) === date.slice(0, 4) ? '' : ` ${d.getUTCFullYear()}`;
  return `${weekday} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}${year}`;
}

function section(text: string, accessory?: SectionBlock['accessory']): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text }, ...(accessory ? { accessory } : {}) };
}

function button(text: string, actionId: string, options: { value?: string; style?: 'primary' | 'danger' } = {}): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text, emoji: true },
    action_id: actionId,
    ...(options.value !== undefined ? { value: options.value } : {}),
    ...(options.style ? { style: options.style } : {}),
  };
}


export function renderHome(model: HomeModel, words: Words): HomeView {
  const { person } = model;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Deep Thoughts 🌅', emoji: true } }];
  if (model.notice) blocks.push(section(`⚠️ ${e(model.notice)}`));

  if (!person || !person.enrolled) {
    blocks.push(
      section(words.homeIntro),
      {
        type: 'actions',
        elements: [
          button(words.homeStartNudges, HOME_ACTIONS.enroll, { style: 'primary' }),
          button(words.homeStartNow, HOME_ACTIONS.startNow),
        ],
      },
    );
  } else {
    blocks.push(...statusBlocks(model, words), { type: 'divider' }, ...settingsBlocks(model, words));
  }

  blocks.push({ type: 'divider' }, ...reportBlocks(model, words));
  blocks.push({ type: 'divider' }, ...renderHomePrivacy(words));
  if (person?.tz) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: fill(words.homeTimesNote, { tz: e(person.tz) }) }],
    });
  }
  return { type: 'home', blocks: blocks.slice(0, MAX_VIEW_BLOCKS) };
}

function statusBlocks(model: HomeModel, w: Words): KnownBlock[] {
  const person = model.person!;
  const resume = button(w.homeResume, HOME_ACTIONS.resume, { style: 'primary' });
  const paused = isPausedOn(person, model.today);
  if (paused && !person.pausedUntil && person.pauseReason === 'unanswered') {
    return [section(w.homePausedUnanswered, resume)];
  }
  if (paused && !person.pausedUntil && person.pauseReason === 'unreachable') {
    return [section(w.homePausedUnreachable, resume)];
  }
  if (paused && person.pausedUntil) {
    return [section(fill(w.homePausedUntil, { date: formatLocalDate(person.pausedUntil, model.today) }), resume)];
  }
  if (!person.tz) return [section(w.homeNoTz)];
  const lines: KnownBlock[] = [];
  if (model.next) {
    const day = model.next.localDate === model.today ? w.homeToday : formatLocalDate(model.next.localDate, model.today);
    lines.push(section(fill(w.homeNextNudge, { day, time: formatMinute(model.next.minute), tz: e(person.tz) })));
  } else {
    lines.push(section(w.homeNoNudges));
  }
  if (person.skipDate === model.today) {
    lines.push(section(w.homeSkipping, button(w.homeUndoSkip, HOME_ACTIONS.unskip)));
  }
  return lines;
}

function settingsBlocks(model: HomeModel, w: Words): KnownBlock[] {
  const person = model.person!;
  // Weekday names in the person's language: 5 January 2026 was a Monday.
  const weekday = new Intl.DateTimeFormat(w.intlLocale, { weekday: 'long', timeZone: 'UTC' });
  const dayOptions: PlainTextOption[] = WEEKDAY_NAMES.map((_, i) => ({
    text: { type: 'plain_text', text: weekday.format(new Date(Date.UTC(2026, 0, 5 + i))) },
    value: String(i + 1),
  }));
  const chosen = dayOptions.filter((o) => person.nudgeDays.includes(Number(o.value)));
  const personPause = person.pausedUntil && isPausedOn(person, model.today);
  const actions: ActionsBlock = {
    type: 'actions',
    elements: [
      person.skipDate === model.today
        ? button(w.homeUndoSkip, HOME_ACTIONS.unskip)
        : button(w.skipTodayButton, HOME_ACTIONS.skipToday, { value: 'home' }),
      button(w.homeStartNow, HOME_ACTIONS.startNow, { style: 'primary' }),
    ],
  };
  return [
    section(w.homeSettings),
    section(w.homeNudgeTime, {
      type: 'timepicker',
      action_id: HOME_ACTIONS.time,
      initial_time: formatMinute(person.nudgeMinute),
      placeholder: { type: 'plain_text', text: w.homePickTime },
    }),
    section(w.homeNudgeDays, {
      type: 'checkboxes',
      action_id: HOME_ACTIONS.days,
      options: dayOptions,
      ...(chosen.length > 0 ? { initial_options: chosen } : {}),
    }),
    section(personPause ? w.homePausedUntilLabel : w.homePauseUntil, {
      type: 'datepicker',
      action_id: HOME_ACTIONS.pauseUntil,
      ...(personPause ? { initial_date: person.pausedUntil! } : {}),
      placeholder: { type: 'plain_text', text: w.homePickDate },
    }),
    actions,
  ];
}

function reportBlocks(model: HomeModel, words: Words): KnownBlock[] {
  if (model.reports.length === 0) {
    return [section(words.homeYourLastReports), { type: 'context', elements: [{ type: 'mrkdwn', text: words.homeNoReports }] }];
  }
  return [
    section(model.reports.length === 1 ? words.homeYourLastReport : fill(words.homeYourLastNReports, { n: model.reports.length })),
    ...model.reports.map((r) =>
      section(
        [`*${formatLocalDate(r.date, model.today)}* · ${e(clip(r.title, MAX_LISTED_TITLE))} · ${fill(words.reportScore, { score: r.score })}`, ratingLine(r.rating, words)].filter(Boolean).join(' · '),
        button(words.openButton, HOME_ACTIONS.openReport, { value: r.sessionId }),
      ),
    ),
  ];
}

/**
 * A report in a modal (views.open), for the Home's Open buttons: App Home
 * actions have no response_url. The report's own messages (never its
 * transcript, which can be long) within the modal's 100 blocks.
 */
export function renderReportModal(report: Report, words: Words): ModalView {
  const blocks: KnownBlock[] = [];
  const pages = renderReportParts(report, words).report;
  for (const page of pages) {
    // Pages go in whole; a page's "continued" line reads fine in one long modal too.
    for (const block of page.blocks) blocks.push(block);
  }
  const fits = blocks.length <= MAX_VIEW_BLOCKS;
  const shown = fits ? blocks : blocks.slice(0, MAX_VIEW_BLOCKS - 1);
  if (!fits) {
    shown.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fill(words.homeWholeReport, { date: report.date }) }] });
  }
  return {
    type: 'modal',
    title: { type: 'plain_text', text: clip(fill(words.homeReportTitle, { date: report.date }), MAX_MODAL_TITLE), emoji: true },
    close: { type: 'plain_text', text: words.homeClose },
    blocks: shown,
  };
}

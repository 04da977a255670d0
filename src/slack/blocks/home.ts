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
import { COPY } from '../copy';
import { clip } from '../../coach/text';

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


export function renderHome(model: HomeModel): HomeView {
  const { person } = model;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Deep Thoughts 🌅', emoji: true } }];
  if (model.notice) blocks.push(section(`⚠️ ${e(model.notice)}`));

  if (!person || !person.enrolled) {
    blocks.push(
      section(
        'One focused conversation each workday morning: I ask one question at a time, and when you type “wrap up” you get a Deep Thoughts report. Press *Start* and I’ll message you at 09:00 on weekdays, in your own time zone.',
      ),
      {
        type: 'actions',
        elements: [
          button('Start morning nudges', HOME_ACTIONS.enroll, { style: 'primary' }),
          button('Start a session now', HOME_ACTIONS.startNow),
        ],
      },
    );
  } else {
    blocks.push(...statusBlocks(model), { type: 'divider' }, ...settingsBlocks(model));
  }

  blocks.push({ type: 'divider' }, ...reportBlocks(model));
  blocks.push({ type: 'divider' }, ...renderHomePrivacy());
  if (person?.tz) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Times are in your Slack time zone, ${e(person.tz)}. When you change it in Slack, I follow within a day.` }],
    });
  }
  return { type: 'home', blocks: blocks.slice(0, MAX_VIEW_BLOCKS) };
}

function statusBlocks(model: HomeModel): KnownBlock[] {
  const person = model.person!;
  const resume = button('Resume', HOME_ACTIONS.resume, { style: 'primary' });
  const paused = isPausedOn(person, model.today);
  if (paused && !person.pausedUntil && person.pauseReason === 'unanswered') {
    return [section('⏸️ *Your morning nudges are paused* after five mornings in a row without an answer. No hard feelings: resume whenever you like.', resume)];
  }
  if (paused && !person.pausedUntil && person.pauseReason === 'unreachable') {
    return [section('⏸️ *Your morning nudges are paused*: I couldn’t send you a direct message. If that is fixed now, resume and I’ll try again.', resume)];
  }
  if (paused && person.pausedUntil) {
    return [section(`⏸️ *Nudges are paused* until ${formatLocalDate(person.pausedUntil, model.today)}.`, resume)];
  }
  if (!person.tz) return [section('I’ll work out your time zone from your Slack profile before your first nudge.')];
  const lines: KnownBlock[] = [];
  if (model.next) {
    const day = model.next.localDate === model.today ? 'today' : formatLocalDate(model.next.localDate, model.today);
    lines.push(section(`*Next nudge:* ${day} at ${formatMinute(model.next.minute)} (${e(person.tz)})`));
  } else {
    lines.push(section('*No nudges scheduled:* tick at least one day below.'));
  }
  if (person.skipDate === model.today) {
    lines.push(section('You’re skipping today.', button('Undo skip', HOME_ACTIONS.unskip)));
  }
  return lines;
}

function settingsBlocks(model: HomeModel): KnownBlock[] {
  const person = model.person!;
  const dayOptions: PlainTextOption[] = WEEKDAY_NAMES.map((name, i) => ({ text: { type: 'plain_text', text: name }, value: String(i + 1) }));
  const chosen = dayOptions.filter((o) => person.nudgeDays.includes(Number(o.value)));
  const personPause = person.pausedUntil && isPausedOn(person, model.today);
  const actions: ActionsBlock = {
    type: 'actions',
    elements: [
      person.skipDate === model.today
        ? button('Undo skip', HOME_ACTIONS.unskip)
        : button('Skip today', HOME_ACTIONS.skipToday, { value: 'home' }),
      button('Start a session now', HOME_ACTIONS.startNow, { style: 'primary' }),
    ],
  };
  return [
    section('*Settings*'),
    section('Nudge time', {
      type: 'timepicker',
      action_id: HOME_ACTIONS.time,
      initial_time: formatMinute(person.nudgeMinute),
      placeholder: { type: 'plain_text', text: 'Pick a time' },
    }),
    section('Nudge days', {
      type: 'checkboxes',
      action_id: HOME_ACTIONS.days,
      options: dayOptions,
      ...(chosen.length > 0 ? { initial_options: chosen } : {}),
    }),
    section(personPause ? 'Paused until (nudges resume that morning)' : 'Pause nudges until', {
      type: 'datepicker',
      action_id: HOME_ACTIONS.pauseUntil,
      ...(personPause ? { initial_date: person.pausedUntil! } : {}),
      placeholder: { type: 'plain_text', text: 'Pick a date' },
    }),
    actions,
  ];
}

function reportBlocks(model: HomeModel): KnownBlock[] {
  if (model.reports.length === 0) {
    return [section('*Your last reports*'), { type: 'context', elements: [{ type: 'mrkdwn', text: 'No reports yet: they appear here after you wrap up a session.' }] }];
  }
  return [
    section(`*Your last ${model.reports.length === 1 ? 'report' : `${model.reports.length} reports`}*`),
    ...model.reports.map((r) =>
      section(
        [`*${formatLocalDate(r.date, model.today)}* · ${e(clip(r.title, MAX_LISTED_TITLE))} · score ${r.score}/10`, ratingLine(r.rating, COPY)].filter(Boolean).join(' · '),
        button('Open', HOME_ACTIONS.openReport, { value: r.sessionId }),
      ),
    ),
  ];
}

/**
 * A report in a modal (views.open), for the Home's Open buttons: App Home
 * actions have no response_url. The report's own messages (never its
 * transcript, which can be long) within the modal's 100 blocks.
 */
export function renderReportModal(report: Report): ModalView {
  const blocks: KnownBlock[] = [];
  const pages = renderReportParts(report).report;
  for (const page of pages) {
    // Pages go in whole; a page's "continued" line reads fine in one long modal too.
    for (const block of page.blocks) blocks.push(block);
  }
  const fits = blocks.length <= MAX_VIEW_BLOCKS;
  const shown = fits ? blocks : blocks.slice(0, MAX_VIEW_BLOCKS - 1);
  if (!fits) {
    shown.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `The whole report: \`/coach-report ${report.date}\`` }] });
  }
  return {
    type: 'modal',
    title: { type: 'plain_text', text: clip(`Report ${report.date}`, MAX_MODAL_TITLE), emoji: true },
    close: { type: 'plain_text', text: 'Close' },
    blocks: shown,
  };
}

/**
 * Pure renderers from the coaching domain to Slack messages: the Deep Thoughts
 * report (docs/reference-report.md) as Block Kit, its plain-text
 * twin for when Slack refuses blocks, and a coach reply with its Wrap up
 * button.
 *
 * Rules every renderer here keeps (the tests check each on every message):
 * - everything that came from a person or the model is escaped with
 *   escapeMrkdwn, fallback `text` included, so nobody can make the bot ping
 *   `@channel` or forge a link;
 * - Slack's limits hold (src/slack/blocks/limits.ts): long content is split
 *   at paragraph, line, sentence or word boundaries across section blocks and
 *   across messages, never cut short and never dropped. The one exception is
 *   the header, which shortens a long title with "…": the full title is then
 *   repeated in a section below it;
 * - every message carries a meaningful plain `text` fallback.
 */
import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Report, TranscriptLine } from '../../coach/report';
import { STAGES, type StageId } from '../../coach/stages';
import { fill, type Words } from '../../words/catalog';
import { boldLabel, escapeMrkdwn, MRKDWN_ENTITY } from '../mrkdwn';
import { ACTIONS } from './ids';
import { blocksSize, MAX_HEADER_TEXT, MAX_MESSAGE_BLOCKS, MAX_MESSAGE_TEXT, MAX_SECTION_TEXT } from './limits';
import type { SlackMessage } from './message';
import { ratingBlocks, ratingLine } from './rating';
import { splitText } from './split';

/**
 * How full the renderers fill one message, measured like Slack's total (see
 * blocksSize in limits.ts): text plus a per-block overhead. Kept well under
 * the limit because Slack does not publish the number and it has moved.
 */
export const MESSAGE_SIZE_BUDGET = 11_000;

const HEADER_PREFIX = 'Deep Thoughts: ';
/** Part numbers are sized for this many messages when room is kept for "part k of n". */
const MAX_PARTS = 99_999;
const SPLIT = { keepTogether: MRKDWN_ENTITY };
const e = escapeMrkdwn;

export interface RenderedReport {
  /** The report itself: the first message goes to the DM, any others after it in its thread. */
  report: SlackMessage[];
  /** The conversation transcript, for the report's thread. */
  transcript: SlackMessage[];
}

export interface ReportOptions {
  /** Put the rating buttons (1-5) for this session under the report. */
  rateSessionId?: string;
}

/** The report then its transcript, in posting order. */
export function renderReport(report: Report, words: Words, options: ReportOptions = {}): SlackMessage[] {
  const { report: messages, transcript } = renderReportParts(report, words, options);
  return [...messages, ...transcript];
}

export function renderReportParts(report: Report, words: Words, options: ReportOptions = {}): RenderedReport {
  const w = words;
  const title = e(report.title);
  const header = headerText(title);
  const lead: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header.text, emoji: true } } satisfies HeaderBlock,
    context(contextLine(report, w)),
  ];
  // The header is the one place content may shorten; the full title then follows it.
  if (header.truncated) lead.push(...sections(`${boldLabel(w.reportTitleLabel)} ${title}`));

  const body: KnownBlock[] = [];
  reportSections(report, w).forEach((text, i) => {
    if (i > 0) body.push({ type: 'divider' });
    body.push(...sections(text));
  });
  if (options.rateSessionId) body.push({ type: 'divider' }, ...ratingBlocks(options.rateSessionId, w));

  // Later messages name the report by its header: short, whatever the title's length.
  const continuedAs = (part: number, total: number) => fill(w.reportContinued, { part, total });
  const continued = (part: number, total: number) => `${header.text} (${continuedAs(part, total)})`;
  const pages = pack(lead, body, (part, total) => [context(continued(part, total))]);
  const score = fill(w.reportScore, { score: report.evaluation.score });
  const reportMessages = pages.map((blocks, i) => ({
    text: i === 0 ? `${HEADER_PREFIX}${title} — ${score}` : `${header.text} — ${continuedAs(i + 1, pages.length)}`,
    blocks,
  }));

  const transcriptTitle = w.transcriptTitle;
  const transcriptContinued = (part: number, total: number) => `${transcriptTitle} (${continuedAs(part, total)})`;
  const transcriptPages = pack(
    [{ type: 'header', text: { type: 'plain_text', text: transcriptTitle, emoji: true } } satisfies HeaderBlock],
    sections(transcriptText(report.transcript, w)),
    (part, total) => [context(transcriptContinued(part, total))],
  );
  const transcriptMessages = transcriptPages.map((blocks, i) => ({
    text:
      transcriptPages.length === 1
        ? `${header.text} — ${w.transcriptOf}`
        : `${header.text} — ${w.transcriptOf} (${continuedAs(i + 1, transcriptPages.length)})`,
    blocks,
  }));

  return { report: reportMessages, transcript: transcriptMessages };
}

/**
 * The report as plain mrkdwn text, for when Slack refuses the blocks
 * (invalid_blocks, msg_blocks_too_long): post each string as a message's
 * `text` with no blocks. Each is within Slack's 40,000-character `text` limit;
 * the transcript starts a message of its own.
 */
export function renderReportPlain(report: Report, words: Words): string[] {
  const w = words;
  const body = paragraphs(`${boldLabel(`${HEADER_PREFIX}${report.title}`)}\n${contextLine(report, w)}`, ...reportSections(report, w));
  const transcript = paragraphs(boldLabel(w.transcriptTitle), transcriptText(report.transcript, w));
  return [...splitText(body, MAX_MESSAGE_TEXT, SPLIT), ...splitText(transcript, MAX_MESSAGE_TEXT, SPLIT)];
}

export interface CoachReplyOptions {
  /** The session the reply belongs to: the Wrap up button carries it back. */
  sessionId: string | number;
  /** The person's words (src/words), for the button. */
  words: Words;
}

/**
 * A coach reply: the question as a section (several if it is over 3,000
 * characters), then the Wrap up button; the fallback text is the question
 * itself, so the notification reads as the coach's words.
 *
 * One message holds a reply of about 10,000 characters (MESSAGE_SIZE_BUDGET);
 * the model's replies are capped far below that (two sentences, 600
 * characters), so a longer one is a bug upstream. It throws a RangeError
 * rather than cut the reply: a reply is never silently shortened.
 */
export function renderCoachReply(text: string, options: CoachReplyOptions): SlackMessage {
  const replySections = sections(e(text));
  const blocks: KnownBlock[] = [...replySections, wrapUpActions(options.sessionId, options.words)];
  if (blocksSize(blocks) > MESSAGE_SIZE_BUDGET) {
    throw new RangeError(`renderCoachReply: a reply of ${text.length} characters does not fit one message`);
  }
  return { text: replySections.map((block) => block.text?.text ?? '').join('\n\n'), blocks };
}

function wrapUpActions(sessionId: string | number, words: Words): ActionsBlock {
  return { type: 'actions', elements: [wrapUpButton(sessionId, words)] };
}

/** The Wrap up button, on coach replies and on the morning nudge. */
export function wrapUpButton(sessionId: string | number, words: Words): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: words.wrapUpButton, emoji: true },
    action_id: ACTIONS.wrapUp,
    value: String(sessionId),
    // Wrapping up ends the session; a stray tap should not.
    confirm: {
      title: { type: 'plain_text', text: words.wrapUpConfirmTitle },
      text: { type: 'mrkdwn', text: words.wrapUpConfirmText },
      confirm: { type: 'plain_text', text: words.wrapUpButton },
      deny: { type: 'plain_text', text: words.wrapUpConfirmKeepGoing },
    },
  };
}

// --- The report's sections, as escaped mrkdwn ---------------------------------------

/** The eight sections and the evaluation summary, in order, each one mrkdwn string. */
function reportSections(report: Report, w: Words): string[] {
  const title = (stage: StageId) => boldLabel(`${STAGES.indexOf(stage) + 1}. ${w[SECTION_TITLES[stage]]}`);
  const halves = (section: { established: string; missing: readonly string[] }) => twoHalves(section, w);
  const list = (items: readonly string[]) => bullets(items, w);
  return [
    paragraphs(title('significance'), ...halves(report.significance)),
    paragraphs(
      title('task'),
      `${boldLabel(w.taskDefined)} ${report.task.task === null ? `_${w.noTask}_` : e(report.task.task)}`,
      ...halves(report.task),
    ),
    paragraphs(title('archetypes'), ...halves(report.archetypes)),
    paragraphs(
      title('crux'),
      `${boldLabel(w.coreConstraint)} ${report.crux.crux === null ? `_${w.noCrux}_` : e(report.crux.crux)}`,
      ...halves(report.crux),
    ),
    paragraphs(
      title('cruxSolutions'),
      boldLabel(w.tacticsLabel),
      ...report.cruxSolutions.tactics.map((tactic, i) =>
        [
          `${i + 1}. *${e(tactic.name)}:* ${e(tactic.description)}`,
          `      • ${w.firstStepLabel} ${e(tactic.firstStep)}`,
          `      • ${w.whyItWorksLabel} ${e(tactic.whyItWorks)}`,
          `      • ${w.obstaclesLabel} ${e(tactic.obstacles)}`,
        ].join('\n'),
      ),
    ),
    paragraphs(
      title('beliefs'),
      `${boldLabel(w.currentBeliefs)}\n${list([
        ...report.beliefs.limiting.map((belief) => `${w.limitingBelief} ${e(belief)}`),
        ...report.beliefs.empowering.map((belief) => `${w.empoweringBelief} ${e(belief)}`),
      ])}`,
      `${boldLabel(w.emergingBeliefs)}\n${list(report.beliefs.emerging.map(e))}`,
      `${boldLabel(w.beliefExperiment)} ${e(report.beliefs.experiment)}`,
    ),
    paragraphs(
      title('factCheck'),
      report.factCheck.facts.map((fact) => `${fact.status === 'known' ? '✅' : '❓'} ${e(fact.claim)}`).join('\n'),
      `_${w.factLegend}_`,
    ),
    paragraphs(title('oneMoreThing'), e(report.oneMoreThing.observation)),
    paragraphs(
      boldLabel(w.evaluationSummary),
      `${boldLabel(w.workedWell)}\n${list(report.evaluation.worked.map(e))}`,
      `${boldLabel(w.toImprove)}\n${list(report.evaluation.improve.map(e))}`,
      `${[boldLabel(fill(w.overallScore, { score: report.evaluation.score })), ratingLine(report.rating, w)].filter(Boolean).join('  ·  ')}\n${e(report.evaluation.rationale)}`,
    ),
  ];
}

/** The catalog key of each section's heading (the report's eight sections, in the person's language). */
const SECTION_TITLES = {
  significance: 'sectionSignificance',
  task: 'sectionTask',
  archetypes: 'sectionArchetypes',
  crux: 'sectionCrux',
  cruxSolutions: 'sectionCruxSolutions',
  beliefs: 'sectionBeliefs',
  factCheck: 'sectionFactCheck',
  oneMoreThing: 'sectionOneMoreThing',
} as const satisfies Record<StageId, keyof Words>;

/** The two halves of most sections: what the conversation established, and what it missed. */
function twoHalves(section: { established: string; missing: readonly string[] }, w: Words): string[] {
  return [
    `${boldLabel(w.established)} ${e(section.established)}`,
    section.missing.length === 0
      ? `${boldLabel(w.missingExploration)} _${w.nothingMissing}_`
      : `${boldLabel(w.missingExploration)}\n${bullets(section.missing.map(e), w)}`,
  ];
}

/** A bullet list of already-escaped items. */
function bullets(items: readonly string[], w: Words): string {
  return items.length === 0 ? `_${w.noneNamed}_` : items.map((item) => `• ${item}`).join('\n');
}

/** Blank lines between parts: the splitter's favourite place to cut. */
function paragraphs(...parts: string[]): string {
  return parts.join('\n\n');
}

function transcriptText(lines: readonly TranscriptLine[], w: Words): string {
  if (lines.length === 0) return `_${w.noMessages}_`;
  return paragraphs(...lines.map((line) => `${boldLabel(`${line.name}:`)} ${e(line.text)}`));
}

function contextLine(report: Report, w: Words): string {
  const turns = fill(report.turns === 1 ? w.turnsOne : w.turnsMany, { n: report.turns });
  return `📅 ${e(localDateText(report.date, w))}  ·  ⏱️ ${duration(report.startedAt, report.endedAt, w)}  ·  💬 ${turns}`;
}

/** The session's local date (YYYY-MM-DD) as the person's language writes it; as stored when it is not a date. */
export function localDateText(date: string, w: Words): string {
  const day = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(day.getTime())) return date;
  return new Intl.DateTimeFormat(w.intlLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(day);
}

function duration(startedAt: Date, endedAt: Date, w: Words): string {
  const minutes = Math.round((endedAt.getTime() - startedAt.getTime()) / 60_000);
  // `!(>= 1)` also catches NaN from an invalid date.
  return !(minutes >= 1) ? w.underAMinute : new Intl.NumberFormat(w.intlLocale, { style: 'unit', unit: 'minute' }).format(minutes);
}

// --- Blocks and messages ------------------------------------------------------------------

/** `Deep Thoughts: <title>` within the header's 150 characters, shortened at a word boundary with "…" if need be. */
function headerText(escapedTitle: string): { text: string; truncated: boolean } {
  const full = `${HEADER_PREFIX}${escapedTitle}`;
  if (full.length <= MAX_HEADER_TEXT) return { text: full, truncated: false };
  const room = MAX_HEADER_TEXT - HEADER_PREFIX.length - 1;
  let kept = splitText(escapedTitle, room, SPLIT)[0] ?? '';
  // Trailing punctuation before the ellipsis reads badly ("word,…"); the ";" ending an entity is not punctuation.
  while (/[\s,;:.\-–—]$/u.test(kept) && !/&(?:amp|lt|gt);$/.test(kept)) kept = kept.slice(0, -1);
  return { text: `${HEADER_PREFIX}${kept}…`, truncated: true };
}

/** One section block per chunk of at most 3,000 characters. */
function sections(mrkdwn: string): SectionBlock[] {
  const chunks = splitText(mrkdwn, MAX_SECTION_TEXT, SPLIT);
  // Slack refuses an empty section; a reply of nothing but whitespace still shows as something.
  return (chunks.length > 0 ? chunks : ['…']).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

function context(mrkdwn: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn }] };
}

/**
 * Lays blocks out over as many messages as the limits need: at most 50
 * blocks and MESSAGE_SIZE_BUDGET per message. The first message starts with
 * `lead`; every later one starts with `continuation(part, total)`. A divider
 * never starts or ends a message: across two messages it divides nothing.
 */
function pack(lead: KnownBlock[], body: KnownBlock[], continuation: (part: number, total: number) => KnownBlock[]): KnownBlock[][] {
  // Room for the continuation blocks, sized with the longest part numbers a report could reach.
  const reserved = continuation(MAX_PARTS, MAX_PARTS);
  const reservedBlocks = reserved.length;
  const reservedSize = blocksSize(reserved);
  const pages: KnownBlock[][] = [];
  let current: KnownBlock[] = [...lead];
  let size = blocksSize(current);
  let maxBlocks = MAX_MESSAGE_BLOCKS;
  let maxSize = MESSAGE_SIZE_BUDGET;
  for (const block of body) {
    const cost = blocksSize([block]);
    if (current.length + 1 > maxBlocks || size + cost > maxSize) {
      pages.push(withoutTrailingDividers(current));
      current = [];
      size = 0;
      maxBlocks = MAX_MESSAGE_BLOCKS - reservedBlocks;
      maxSize = MESSAGE_SIZE_BUDGET - reservedSize;
    }
    if (block.type === 'divider' && current.length === 0) continue;
    current.push(block);
    size += cost;
  }
  const last = withoutTrailingDividers(current);
  if (last.length > 0 || pages.length === 0) pages.push(last);
  return pages.map((blocks, i) => (i === 0 ? blocks : [...continuation(i + 1, pages.length), ...blocks]));
}

function withoutTrailingDividers(blocks: KnownBlock[]): KnownBlock[] {
  let end = blocks.length;
  while (end > 0 && blocks[end - 1]?.type === 'divider') end -= 1;
  return blocks.slice(0, end);
}

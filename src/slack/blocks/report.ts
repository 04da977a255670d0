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
import { STAGES, STAGE_INFO, type StageId } from '../../coach/stages';
import { boldLabel, escapeMrkdwn, MRKDWN_ENTITY } from '../mrkdwn';
import { ACTIONS } from './ids';
import { blocksSize, MAX_HEADER_TEXT, MAX_MESSAGE_BLOCKS, MAX_MESSAGE_TEXT, MAX_SECTION_TEXT } from './limits';
import type { SlackMessage } from './message';
import { ratingBlocks, ratingLine } from './rating';
import { splitText } from './split';
import { COPY } from '../copy';

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
export function renderReport(report: Report, options: ReportOptions = {}): SlackMessage[] {
  const { report: messages, transcript } = renderReportParts(report, options);
  return [...messages, ...transcript];
}

export function renderReportParts(report: Report, options: ReportOptions = {}): RenderedReport {
  const title = e(report.title);
  const header = headerText(title);
  const lead: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: header.text, emoji: true } } satisfies HeaderBlock,
    context(contextLine(report)),
  ];
  // The header is the one place content may shorten; the full title then follows it.
  if (header.truncated) lead.push(...sections(`${boldLabel('Title:')} ${title}`));

  const body: KnownBlock[] = [];
  reportSections(report).forEach((text, i) => {
    if (i > 0) body.push({ type: 'divider' });
    body.push(...sections(text));
  });
  if (options.rateSessionId) body.push({ type: 'divider' }, ...ratingBlocks(options.rateSessionId, COPY));

  // Later messages name the report by its header: short, whatever the title's length.
  const continued = (part: number, total: number) => `${header.text} (continued, part ${part} of ${total})`;
  const pages = pack(lead, body, (part, total) => [context(continued(part, total))]);
  const score = `score ${report.evaluation.score}/10`;
  const reportMessages = pages.map((blocks, i) => ({
    text: i === 0 ? `${HEADER_PREFIX}${title} — ${score}` : `${header.text} — continued (part ${i + 1} of ${pages.length})`,
    blocks,
  }));

  const transcriptTitle = 'Conversation Transcript';
  const transcriptContinued = (part: number, total: number) => `${transcriptTitle} (continued, part ${part} of ${total})`;
  const transcriptPages = pack(
    [{ type: 'header', text: { type: 'plain_text', text: transcriptTitle, emoji: true } } satisfies HeaderBlock],
    sections(transcriptText(report.transcript)),
    (part, total) => [context(transcriptContinued(part, total))],
  );
  const transcriptMessages = transcriptPages.map((blocks, i) => ({
    text:
      transcriptPages.length === 1
        ? `${header.text} — conversation transcript`
        : `${header.text} — conversation transcript (part ${i + 1} of ${transcriptPages.length})`,
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
export function renderReportPlain(report: Report): string[] {
  const body = paragraphs(`${boldLabel(`${HEADER_PREFIX}${report.title}`)}\n${contextLine(report)}`, ...reportSections(report));
  const transcript = paragraphs(boldLabel('Conversation Transcript'), transcriptText(report.transcript));
  return [...splitText(body, MAX_MESSAGE_TEXT, SPLIT), ...splitText(transcript, MAX_MESSAGE_TEXT, SPLIT)];
}

export interface CoachReplyOptions {
  /** The session the reply belongs to: the Wrap up button carries it back. */
  sessionId: string | number;
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
  const blocks: KnownBlock[] = [...replySections, wrapUpActions(options.sessionId)];
  if (blocksSize(blocks) > MESSAGE_SIZE_BUDGET) {
    throw new RangeError(`renderCoachReply: a reply of ${text.length} characters does not fit one message`);
  }
  return { text: replySections.map((block) => block.text?.text ?? '').join('\n\n'), blocks };
}

function wrapUpActions(sessionId: string | number): ActionsBlock {
  return { type: 'actions', elements: [wrapUpButton(sessionId)] };
}

/** The Wrap up button, on coach replies and on the morning nudge. */
export function wrapUpButton(sessionId: string | number): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: 'Wrap up', emoji: true },
    action_id: ACTIONS.wrapUp,
    value: String(sessionId),
    // Wrapping up ends the session; a stray tap should not.
    confirm: {
      title: { type: 'plain_text', text: 'Wrap up this session?' },
      text: { type: 'mrkdwn', text: "I'll write your Deep Thoughts report from what we've covered so far." },
      confirm: { type: 'plain_text', text: 'Wrap up' },
      deny: { type: 'plain_text', text: 'Keep going' },
    },
  };
}

// --- The report's sections, as escaped mrkdwn ---------------------------------------

/** The eight sections and the evaluation summary, in order, each one mrkdwn string. */
function reportSections(report: Report): string[] {
  return [
    paragraphs(title('significance'), ...halves(report.significance)),
    paragraphs(
      title('task'),
      `${boldLabel('Task defined:')} ${report.task.task === null ? '_No specific task was defined for today._' : e(report.task.task)}`,
      ...halves(report.task),
    ),
    paragraphs(title('archetypes'), ...halves(report.archetypes)),
    paragraphs(
      title('crux'),
      `${boldLabel('Core constraint:')} ${report.crux.crux === null ? "_The conversation didn't converge on a specific crux._" : e(report.crux.crux)}`,
      ...halves(report.crux),
    ),
    paragraphs(
      title('cruxSolutions'),
      boldLabel('Tactical approaches to the crux:'),
      ...report.cruxSolutions.tactics.map((tactic, i) =>
        [
          `${i + 1}. *${e(tactic.name)}:* ${e(tactic.description)}`,
          `      • First step: ${e(tactic.firstStep)}`,
          `      • Why it works: ${e(tactic.whyItWorks)}`,
          `      • Obstacles: ${e(tactic.obstacles)}`,
        ].join('\n'),
      ),
    ),
    paragraphs(
      title('beliefs'),
      `${boldLabel('Current beliefs affecting this problem:')}\n${list([
        ...report.beliefs.limiting.map((belief) => `Limiting belief: ${e(belief)}`),
        ...report.beliefs.empowering.map((belief) => `Empowering belief: ${e(belief)}`),
      ])}`,
      `${boldLabel('New beliefs emerging from this conversation:')}\n${list(report.beliefs.emerging.map(e))}`,
      `${boldLabel('Belief experiment:')} ${e(report.beliefs.experiment)}`,
    ),
    paragraphs(
      title('factCheck'),
      report.factCheck.facts.map((fact) => `${fact.status === 'known' ? '✅' : '❓'} ${e(fact.claim)}`).join('\n'),
      '_✅ known  ·  ❓ assumed, worth checking_',
    ),
    paragraphs(title('oneMoreThing'), e(report.oneMoreThing.observation)),
    paragraphs(
      boldLabel('Evaluation Summary'),
      `${boldLabel('Key coaching moves that worked well:')}\n${list(report.evaluation.worked.map(e))}`,
      `${boldLabel('Areas for improvement:')}\n${list(report.evaluation.improve.map(e))}`,
      `${[boldLabel(`Overall coaching effectiveness score: ${report.evaluation.score}/10`), ratingLine(report.rating, COPY)].filter(Boolean).join('  ·  ')}\n${e(report.evaluation.rationale)}`,
    ),
  ];
}

function title(stage: StageId): string {
  return boldLabel(`${STAGES.indexOf(stage) + 1}. ${STAGE_INFO[stage].title}`);
}

/** The two halves of most sections: what the conversation established, and what it missed. */
function halves(section: { established: string; missing: readonly string[] }): string[] {
  return [
    `${boldLabel('What was established:')} ${e(section.established)}`,
    section.missing.length === 0
      ? `${boldLabel('Missing exploration:')} _Nothing important was left out._`
      : `${boldLabel('Missing exploration:')}\n${list(section.missing.map(e))}`,
  ];
}

/** A bullet list of already-escaped items. */
function list(items: readonly string[]): string {
  return items.length === 0 ? '_None named in this conversation._' : items.map((item) => `• ${item}`).join('\n');
}

/** Blank lines between parts: the splitter's favourite place to cut. */
function paragraphs(...parts: string[]): string {
  return parts.join('\n\n');
}

function transcriptText(lines: readonly TranscriptLine[]): string {
  if (lines.length === 0) return '_No messages were recorded._';
  return paragraphs(...lines.map((line) => `${boldLabel(`${line.name}:`)} ${e(line.text)}`));
}

function contextLine(report: Report): string {
  return `📅 ${e(report.date)}  ·  ⏱️ ${duration(report.startedAt, report.endedAt)}  ·  💬 ${report.turns} ${report.turns === 1 ? 'turn' : 'turns'}`;
}

function duration(startedAt: Date, endedAt: Date): string {
  const minutes = Math.round((endedAt.getTime() - startedAt.getTime()) / 60_000);
  // `!(>= 1)` also catches NaN from an invalid date.
  return !(minutes >= 1) ? 'under a minute' : `${minutes} min`;
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

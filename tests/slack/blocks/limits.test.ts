/**
 * The renderers' own limits (src/slack/blocks/limits.ts, MESSAGE_SIZE_BUDGET)
 * against Slack's published ones as the fake Slack enforces them
 * (devtools/block-kit, written from Slack's docs, sharing no code or number
 * with src/). Each limit a renderer relies on is tried exactly at the
 * product's number (Slack must accept it) and one over (Slack must refuse it,
 * with the code Slack uses): a product constant that is too generous fails the
 * first, one that is stricter than Slack, or a validator that drifted, the second.
 */
import { validateMessage, validateView, type Violation } from '../../../devtools/block-kit/validate';
import { MEASURED_MESSAGE_BLOCKS_TOTAL } from '../../../devtools/block-kit/slack-limits';
import {
  blocksSize,
  MAX_HEADER_TEXT,
  MAX_MESSAGE_BLOCKS,
  MAX_MESSAGE_TEXT,
  MAX_MODAL_TITLE,
  MAX_SECTION_TEXT,
  MAX_VIEW_BLOCKS,
} from '../../../src/slack/blocks/limits';
import { MESSAGE_SIZE_BUDGET } from '../../../src/slack/blocks/report';

const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));

interface Edge {
  limit: string;
  value: number;
  /** What Slack is sent with `n` in the place of the limit. */
  check: (n: number) => Violation[];
  /** Slack's answer one over. */
  refusedWith: Violation['code'];
}

const EDGES: Edge[] = [
  { limit: 'blocks in a message (MAX_MESSAGE_BLOCKS)', value: MAX_MESSAGE_BLOCKS, check: (n) => validateMessage({ text: 'x', blocks: dividers(n) }), refusedWith: 'invalid_blocks' },
  { limit: 'a message’s text (MAX_MESSAGE_TEXT)', value: MAX_MESSAGE_TEXT, check: (n) => validateMessage({ text: 'a'.repeat(n) }), refusedWith: 'msg_too_long' },
  { limit: 'a section’s text (MAX_SECTION_TEXT)', value: MAX_SECTION_TEXT, check: (n) => validateMessage({ text: 'x', blocks: [section('s'.repeat(n))] }), refusedWith: 'invalid_blocks' },
  {
    limit: 'a header’s text (MAX_HEADER_TEXT)',
    value: MAX_HEADER_TEXT,
    check: (n) => validateMessage({ text: 'x', blocks: [{ type: 'header', text: plain('h'.repeat(n)) }] }),
    refusedWith: 'invalid_blocks',
  },
  { limit: 'blocks in a Home tab (MAX_VIEW_BLOCKS)', value: MAX_VIEW_BLOCKS, check: (n) => validateView({ type: 'home', blocks: dividers(n) }), refusedWith: 'invalid_arguments' },
  {
    limit: 'blocks in a modal (MAX_VIEW_BLOCKS)',
    value: MAX_VIEW_BLOCKS,
    check: (n) => validateView({ type: 'modal', title: plain('Report'), blocks: dividers(n) }),
    refusedWith: 'invalid_arguments',
  },
  {
    limit: 'a modal’s title (MAX_MODAL_TITLE)',
    value: MAX_MODAL_TITLE,
    check: (n) => validateView({ type: 'modal', title: plain('t'.repeat(n)), close: plain('Close'), blocks: [] }),
    refusedWith: 'invalid_arguments',
  },
];

describe.each(EDGES)('$limit: $value', ({ value, check, refusedWith }) => {
  test('exactly at the product’s number, Slack accepts', () => {
    expect(check(value)).toEqual([]);
  });

  test(`one over, Slack refuses with ${refusedWith}`, () => {
    const violations = check(value + 1);
    expect(violations.map((v) => v.code)).toEqual([refusedWith]);
  });
});

/**
 * Slack publishes no number for the total of a message's blocks; the
 * renderers fill a message to MESSAGE_SIZE_BUDGET by their own measure
 * (blocksSize), and the fake refuses by the measured rule. Whatever the
 * number of blocks, the fullest message a renderer makes must be accepted,
 * and the smallest message Slack refuses must be one the renderers would
 * already have split.
 */
describe.each([5, 10, 25, MAX_MESSAGE_BLOCKS])('the total of a message’s blocks, over %i sections', (count) => {
  /** `count` sections sharing `characters` of text. */
  const sections = (characters: number) =>
    Array.from({ length: count }, (_, i) => section('s'.repeat(Math.floor(characters / count) + (i < characters % count ? 1 : 0))));

  test('a message the renderers weigh at exactly their budget is accepted', () => {
    const characters = MESSAGE_SIZE_BUDGET - blocksSize(sections(0));
    const message = sections(characters);
    expect(blocksSize(message)).toBe(MESSAGE_SIZE_BUDGET);
    expect(validateMessage({ text: 'x', blocks: message })).toEqual([]);
  });

  test('one character over what Slack was measured to take is refused, and the renderers would never send it', () => {
    const { singleBlockText, perFurtherBlock } = MEASURED_MESSAGE_BLOCKS_TOTAL;
    const most = singleBlockText - perFurtherBlock * (count - 1);
    expect(validateMessage({ text: 'x', blocks: sections(most) })).toEqual([]);
    const over = sections(most + 1);
    expect(validateMessage({ text: 'x', blocks: over }).map((v) => v.code)).toEqual(['msg_blocks_too_long']);
    expect(blocksSize(over)).toBeGreaterThan(MESSAGE_SIZE_BUDGET);
  });
});

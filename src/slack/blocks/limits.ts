/**
 * The Slack limits the renderers (src/slack/blocks/) build to: how many
 * blocks a message or view may hold, how long a header, a section and a
 * message's text may be, a modal's title, and how the renderers weigh a
 * message's blocks against Slack's unpublished total.
 *
 * Only the renderers' constants live here. What Slack refuses is checked by
 * an independent validator built on Slack's published numbers
 * (devtools/block-kit/, used by the fake Slack), and
 * tests/slack/blocks/limits.test.ts checks these constants against it at and
 * one over each limit.
 */

/** Blocks in one message: https://docs.slack.dev/reference/block-kit/blocks */
export const MAX_MESSAGE_BLOCKS = 50;
/** The `text` of a message: https://docs.slack.dev/reference/methods/chat.postMessage */
export const MAX_MESSAGE_TEXT = 40_000;

/** Blocks in a modal or Home tab view: https://docs.slack.dev/reference/views */
export const MAX_VIEW_BLOCKS = 100;
/** Modal title, submit and close button texts. */
export const MAX_MODAL_TITLE = 24;

/** A header block's text. */
export const MAX_HEADER_TEXT = 150;
/** A section block's text. */
export const MAX_SECTION_TEXT = 3_000;

/**
 * Slack refuses a message whose blocks are too long in total with
 * `msg_blocks_too_long`, though every block is within its own limit. The
 * limit is undocumented; reported measurements (slackapi/bolt-js#2509, #2867)
 * put it near 13,300 characters of text for a single block, each further
 * block costing about 125 more. The renderers weigh blocks that way
 * (blocksSize) and fill a message to MESSAGE_SIZE_BUDGET (report.ts), well
 * under it.
 */
export const BLOCK_SIZE_OVERHEAD = 125;

/** What the blocks weigh: every `text` string anywhere in them, plus BLOCK_SIZE_OVERHEAD per top-level block. */
export function blocksSize(blocks: readonly unknown[]): number {
  return blocks.reduce<number>((sum, block) => sum + BLOCK_SIZE_OVERHEAD + textLength(block), 0);
}

function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + textLength(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let sum = 0;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') sum += child.length;
    else sum += textLength(child);
  }
  return sum;
}

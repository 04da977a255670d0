/**
 * Slack's published Block Kit and messaging limits, as data, each with the
 * page that states it: the fake Slack (devtools/fake-slack) refuses what
 * breaks them, through ./validate.ts.
 *
 * This file is deliberately independent of the product: nothing here is
 * imported from src/, and src/ never imports it. The renderers keep their own
 * constants (src/slack/blocks/limits.ts); tests/slack/blocks/limits.test.ts
 * checks the two against each other on messages exactly at and one over each
 * limit the renderers rely on. A wrong number on one side now fails a test
 * instead of being wrong on both.
 *
 * Where the numbers come from: the Block Kit reference on docs.slack.dev, as
 * written down from the pages' text (these tools could not fetch the pages
 * when this was written; the section, field and block_id numbers were
 * cross-checked against copies of the reference text quoted by Block Kit
 * libraries). Re-read the linked page before changing a number. Lengths are
 * in characters; the validator counts UTF-16 code units (`string.length`),
 * never fewer than Slack's characters, so it errs on the strict side.
 *
 * One limit is not published: the total size of a message's blocks
 * (`msg_blocks_too_long`). MEASURED_MESSAGE_BLOCKS_TOTAL records what people
 * measured against real Slack, with the reports.
 */

export interface PublishedLimit {
  /** The largest length or count Slack accepts. */
  max: number;
  /** Where Slack states it. */
  doc: string;
  /** The smallest, where Slack states one. */
  min?: number;
}

const DOCS = 'https://docs.slack.dev/reference';
const BLOCKS = `${DOCS}/block-kit/blocks`;
const ELEMENTS = `${DOCS}/block-kit/block-elements`;
const OBJECTS = `${DOCS}/block-kit/composition-objects`;

const limit = (max: number, doc: string, min?: number): PublishedLimit => (min === undefined ? { max, doc } : { max, doc, min });

export const SLACK_LIMITS = {
  message: {
    /** "You can include up to 50 blocks in each message." */
    blocks: limit(50, `${BLOCKS}`),
    /** chat.postMessage `text`: "messages longer than 40,000 characters" are refused or truncated (msg_too_long). */
    text: limit(40_000, `${DOCS}/methods/chat.postMessage`),
  },
  view: {
    /** "Up to 100 blocks" in a modal or Home tab view. */
    blocks: limit(100, `${DOCS}/views`),
    privateMetadata: limit(3_000, `${DOCS}/views`),
    callbackId: limit(255, `${DOCS}/views`),
    externalId: limit(255, `${DOCS}/views`),
    /** Modal `title`, `submit` and `close`: plain_text, "Maximum length ... is 24 characters". */
    modalTitle: limit(24, `${DOCS}/views/modal-views`),
    modalButton: limit(24, `${DOCS}/views/modal-views`),
  },
  /** Any `block_id`: "Maximum length for this field is 255 characters." */
  blockId: limit(255, BLOCKS),
  /** A text composition object's `text`: "The minimum length is 1 and maximum length is 3000 characters." */
  textObject: limit(3_000, `${OBJECTS}/text-object`, 1),
  header: {
    text: limit(150, `${BLOCKS}/header-block`),
  },
  section: {
    text: limit(3_000, `${BLOCKS}/section-block`, 1),
    fields: limit(10, `${BLOCKS}/section-block`),
    fieldText: limit(2_000, `${BLOCKS}/section-block`),
  },
  context: {
    elements: limit(10, `${BLOCKS}/context-block`),
  },
  actions: {
    elements: limit(25, `${BLOCKS}/actions-block`),
  },
  markdown: {
    /** "The cumulative limit for all markdown blocks in a single payload is 12,000 characters." */
    text: limit(12_000, `${BLOCKS}/markdown-block`),
  },
  image: {
    imageUrl: limit(3_000, `${BLOCKS}/image-block`),
    altText: limit(2_000, `${BLOCKS}/image-block`),
    title: limit(2_000, `${BLOCKS}/image-block`),
  },
  input: {
    label: limit(2_000, `${BLOCKS}/input-block`),
    hint: limit(2_000, `${BLOCKS}/input-block`),
  },
  /** Every interactive element's `action_id`. */
  actionId: limit(255, ELEMENTS),
  button: {
    text: limit(75, `${ELEMENTS}/button-element`),
    value: limit(2_000, `${ELEMENTS}/button-element`),
    url: limit(3_000, `${ELEMENTS}/button-element`),
    accessibilityLabel: limit(75, `${ELEMENTS}/button-element`),
  },
  /** `placeholder` of selects, date and time pickers, inputs. */
  placeholder: limit(150, `${ELEMENTS}/select-menu-element`),
  staticSelect: {
    options: limit(100, `${ELEMENTS}/select-menu-element`),
    optionGroups: limit(100, `${ELEMENTS}/select-menu-element`),
  },
  overflow: {
    options: limit(5, `${ELEMENTS}/overflow-menu-element`, 1),
  },
  checkboxes: {
    options: limit(10, `${ELEMENTS}/checkboxes-element`),
  },
  plainTextInput: {
    /** `initial_value`, `min_length`, `max_length`: "Maximum value is 3000." */
    length: limit(3_000, `${ELEMENTS}/plain-text-input-element`),
  },
  option: {
    text: limit(75, `${OBJECTS}/option-object`),
    value: limit(150, `${OBJECTS}/option-object`),
    description: limit(75, `${OBJECTS}/option-object`),
    url: limit(3_000, `${OBJECTS}/option-object`),
  },
  optionGroup: {
    label: limit(75, `${OBJECTS}/option-group-object`),
  },
  confirm: {
    title: limit(100, `${OBJECTS}/confirmation-dialog-object`),
    text: limit(300, `${OBJECTS}/confirmation-dialog-object`),
    button: limit(30, `${OBJECTS}/confirmation-dialog-object`),
  },
} as const;

/**
 * What real Slack refuses with `msg_blocks_too_long`, as measured (Slack
 * documents no number): in slackapi/bolt-js#2509 a message of markdown blocks
 * was accepted up to 13,297 characters of text and refused beyond; adding a
 * divider moved that to 13,172, so each further block costs about 125. The
 * fake refuses a message when its blocks' text, plus 125 for every block after
 * the first, is over 13,297. A later report (slackapi/bolt-js#2867) saw a
 * refusal at 11,341 characters of text in a rich_text/section/header/divider
 * message, so the real rule may weigh more than text: the renderers keep well
 * under it (MESSAGE_SIZE_BUDGET), and the limits test checks that they do.
 */
export const MEASURED_MESSAGE_BLOCKS_TOTAL = {
  /** Text characters one block may carry before the message is refused. */
  singleBlockText: 13_297,
  /** What each block after the first costs. */
  perFurtherBlock: 125,
  doc: 'https://github.com/slackapi/bolt-js/issues/2509',
} as const;

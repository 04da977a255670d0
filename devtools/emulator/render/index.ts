/** Block Kit and mrkdwn → HTML for the local page. Pure functions, no I/O. */
export { blockIdOf, actionIdOf, blocksToHtml, blockToHtml, elementToHtml, messageToHtml, textObjectToHtml, type RenderableMessage, type RenderOptions } from './blocks';
export { EMOJI, replaceEmojiShortcodes } from './emoji';
export { decodeSlackEntities, escapeHtml, safeUrl } from './html';
export { markdownToHtml } from './markdown';
export { mrkdwnToHtml, inlineMrkdwnToHtml, plainTextToHtml } from './mrkdwn';
export { richTextToHtml } from './rich-text';

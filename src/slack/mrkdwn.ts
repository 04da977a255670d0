/**
 * Escaping for Slack's mrkdwn (and for every other Slack text object).
 *
 * Slack uses exactly three characters as control characters in text: `&`, `<`
 * and `>` (https://docs.slack.dev/messaging/formatting-message-text#escaping).
 * `<...>` is how Slack spells mentions (`<!channel>`, `<@U123>`) and links
 * (`<https://x|y>`), so a person who types one of those must see it as text,
 * never have the bot ping a channel or forge a link on their behalf. Slack
 * decodes only these three entities for display, so escaping anything else
 * (quotes, `*`, `_`) would show the person stray entities instead of what they
 * wrote; their own `*bold*` stays theirs.
 *
 * Escape exactly once, at render time: the function is deliberately not
 * idempotent, because a person who typed "&amp;" literally must see "&amp;".
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (ch) => ENTITIES[ch] ?? ch);
}

/**
 * A person's message as they typed it. Slack delivers message text already
 * escaped (a typed `<` arrives as `&lt;`), so the text is decoded once on the
 * way in and stored, shown to the model and quoted back as the person wrote
 * it; escapeMrkdwn encodes it again on the way out. `&amp;` is decoded last,
 * so a typed "&lt;" (sent as `&amp;lt;`) stays "&lt;". Mentions and links
 * Slack wrote (`<@U123>`) stay as they are: text, never re-sent unescaped.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The entities escapeMrkdwn writes. A splitter must never cut one in two
 * (half an entity would show as `&am` and `p;`), so it is exported for
 * `splitText(..., { keepTogether: MRKDWN_ENTITY })`.
 */
export const MRKDWN_ENTITY = /&(?:amp|lt|gt);/g;

/**
 * A bold label of our own, like `*Missing exploration:*`. The label is
 * escaped too: some of ours contain `&` ("Problem Significance & Stakes").
 */
export function boldLabel(label: string): string {
  return `*${escapeMrkdwn(label)}*`;
}

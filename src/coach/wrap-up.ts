/**
 * Is this message the person asking to end the session? Only a message that
 * is nothing but the request counts: "wrap up", "wrap it up", "let's wrap
 * up", "wrapup", "wrap-up", in any case, with optional "please", "ok", "now",
 * "for today", punctuation and emoji. A sentence that merely mentions wrapping
 * up ("I need to wrap up the Q3 report") is coaching material, not a command.
 */
const FILLER = /^(?:(?:ok(?:ay)?|alright|right|so|and|great|thanks|thank you|cool|please|pls|can we|could we|let'?s|lets|let us|i want to|i'd like to|time to|i think we can|we can)\s+)*/;
const REQUEST = /^(?:wrap(?:\s*-\s*|\s*)up|wrap (?:it|this|things|us) up|wrap (?:it|this|things) all up)/;
const TAIL = /^(?:\s+(?:please|pls|now|here|for (?:today|now)|then|thanks|thank you|coach|already))*$/;

export function isWrapUp(message: string): boolean {
  const words = message
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    // Punctuation and emoji are tone, not words.
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const rest = words.replace(FILLER, '');
  const request = REQUEST.exec(rest);
  if (!request) return false;
  return TAIL.test(rest.slice(request[0].length));
}

/** One message of a coaching conversation, as the coach sees it. */
export interface Turn {
  role: 'person' | 'coach';
  text: string;
  at: Date;
}

/** Longest text the model is shown for one message (the rest stays stored). */
export const MODEL_TEXT_LIMIT = 40_000;

/**
 * What the model sees of one message: long text is shortened with a note that
 * says so, so the model never mistakes a cut message for the whole of it.
 */
export function textForModel(text: string, limit = MODEL_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const kept = text.slice(0, limit);
  return `${kept}\n\n[Note to the coach: this message was ${text.length.toLocaleString('en-US')} characters long; only the first ${limit.toLocaleString('en-US')} are shown.]`;
}

import type { Report } from './report';
import type { Session } from './session';

/** What the coach service takes in and gives back: a person's message, and what to post. */

export interface IncomingMessage {
  teamId: string;
  userId: string;
  channelId: string;
  ts: string;
  /** The thread the message was posted in, if any. */
  threadTs?: string;
  text: string;
}

export interface Where {
  sessionId: string;
  channelId: string;
  /** The thread to answer in: always the session's root, never a reply's ts. */
  threadTs: string;
  /** The person's Slack locale ("de-DE"): the product's words around the outcome are in it (src/words). */
  locale?: string | null;
}

export type CoachOutcome =
  | (Where & { kind: 'reply'; text: string; messageId: number })
  | (Where & { kind: 'report'; report: Report })
  /** The person said they are not OK: kind words pointing to people who can help, instead of a coaching turn. */
  | (Where & { kind: 'support'; text: string; messageId: number })
  /** The model could not be reached; every message is stored and will be answered next time. */
  | (Where & { kind: 'model_unavailable' });

export type MessageResult =
  /** Slack delivered this message before; `outcomes` is non-empty only when its first handling never finished. */
  | { kind: 'duplicate'; sessionId: string; outcomes: CoachOutcome[] }
  /** "wrap up" in a session where nothing has been said yet; the message is not kept. */
  | { kind: 'nothing_to_wrap'; channelId: string; threadTs: string }
  /** The message is in a session that has ended. */
  | { kind: 'session_closed'; channelId: string; threadTs: string; status: 'completed' | 'abandoned' }
  /** Stored; `outcomes` is what to post (empty when another worker answers it). */
  | { kind: 'handled'; sessionId: string; outcomes: CoachOutcome[] };

/** What `receive` did with a message: stored in a session (maybe already, from an earlier delivery), or the answer already. */
export type Received = { kind: 'stored'; session: Session; duplicate: boolean } | Extract<MessageResult, { kind: 'session_closed' | 'nothing_to_wrap' }>;

export type WrapUpResult =
  | { kind: 'handled'; sessionId: string; outcomes: CoachOutcome[] }
  | { kind: 'already_reported'; report: Report; where: Where }
  | { kind: 'no_session' }
  /** Today's session exists, but the person has not said anything in it yet. */
  | { kind: 'nothing_said' };

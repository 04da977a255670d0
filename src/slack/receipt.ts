import type { App, Context, Receiver, ReceiverEvent } from '@slack/bolt';
import { AppError } from '../errors';
import { MalformedPayload, malformedBecause } from './payload';

/**
 * When Slack hears "received". Bolt acknowledges an Events API request before
 * any listener runs; if the database is down at that moment, the person's
 * message is acknowledged, then lost. The gate holds that acknowledgement
 * until the listener says the message is safe (`receipt.received()`, once
 * it is stored), and refuses it when it is not (`receipt.refused()`): Slack
 * then delivers the event again (https://docs.slack.dev/apis/events-api/#retries),
 * so an outage of a few minutes costs a delay, not a message.
 *
 * Either way the request is answered as soon as that is known: a listener's
 * work after "received" (the model call, the reply) goes on without holding
 * Slack's request, tracked so that a drain can wait for it.
 */
export interface Receipt {
  /** A gate is holding the request: refusing it makes Slack send the event again. */
  readonly held: boolean;
  /** Nothing can be lost any more: acknowledge the request. */
  received(): void;
  /** The event could not be kept: refuse it, so Slack sends it again. */
  refused(error: unknown): void;
}

/** Under Slack's 3 s, with room for the answer to travel. */
const RECEIPT_DEADLINE_MS = 2_500;

const NO_RECEIPT: Receipt = { held: false, received: () => {}, refused: () => {} };

/** The receipt of the request a listener is handling (a no-op outside the gate, as in direct listener tests). */
export function receiptFrom(context: Context): Receipt {
  return (context.receipt as Receipt | undefined) ?? NO_RECEIPT;
}

/** The events whose listener decides the receipt itself; everything else is received as soon as it arrives. */
export type HoldsReceipt = (body: Record<string, unknown>) => boolean;

export interface ReceiptGate {
  /** The receiver with its app behind the gate; give it to Bolt's App as `receiver`. */
  receiver: Receiver;
  /** Listener work still running after its request was answered. */
  inFlight(): Promise<unknown>[];
}

export function gateReceipts(inner: Receiver, holds: HoldsReceipt): ReceiptGate {
  const inFlight = new Set<Promise<unknown>>();
  const receiver: Receiver = {
    init: (app: App) =>
      inner.init({
        processEvent: (event: ReceiverEvent) => processBehindGate(app, event, holds, inFlight),
      } as unknown as App),
    start: (...args: unknown[]) => inner.start(...args),
    stop: (...args: unknown[]) => inner.stop(...args),
  };
  return { receiver, inFlight: () => [...inFlight] };
}

async function processBehindGate(app: App, event: ReceiverEvent, holds: HoldsReceipt, inFlight: Set<Promise<unknown>>): Promise<void> {
  // What Slack never sends is refused here, before Bolt's routing can throw on it.
  const malformed = malformedBecause(event.body);
  if (malformed) throw new MalformedPayload(malformed);
  const body = event.body as Record<string, unknown>;
  if (!holds(body)) {
    const processing = app.processEvent(event);
    track(inFlight, processing);
    return processing;
  }

  let settle!: (outcome: { ok: true } | { ok: false; error: unknown }) => void;
  const decided = new Promise<{ ok: true } | { ok: false; error: unknown }>((resolve) => (settle = resolve));
  const ack = event.ack;
  const receipt: Receipt = { held: true, received: () => settle({ ok: true }), refused: (error) => settle({ ok: false, error }) };
  const processing = app.processEvent({
    ...event,
    // Bolt's own early acknowledgement of events is held back; the receipt gives the real one.
    ack: () => Promise.resolve(),
    customProperties: { ...event.customProperties, receipt },
  });
  track(inFlight, processing);
  // A listener that finishes without a word has nothing to lose (a bot's message, an edit): received.
  void processing.then(
    () => receipt.received(),
    (error: unknown) => receipt.refused(error),
  );
  // A database that hangs (rather than refuses) must not let Slack's 3 s pass in silence,
  // nor be answered "received" by a deadline: refuse, and the redelivery finds the message
  // stored by then, or stores it.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ ok: false; error: unknown }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: new AppError('receipt_timeout') }), RECEIPT_DEADLINE_MS);
  });
  const outcome = await Promise.race([decided, deadline]);
  clearTimeout(timer);
  if (!outcome.ok) throw outcome.error instanceof Error ? outcome.error : new AppError('event_refused');
  await ack();
}

function track(inFlight: Set<Promise<unknown>>, work: Promise<unknown>): void {
  const tracked = work.catch(() => {}).finally(() => inFlight.delete(tracked));
  inFlight.add(tracked);
}

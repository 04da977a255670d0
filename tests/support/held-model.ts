/**
 * Holds the fake Anthropic's answers open, so a test can do something to the
 * bot (SIGKILL it, stop its database) while a model call is in flight.
 *
 *   const gate = holdModelCalls(anthropic);   // answers come from smartResponder()
 *   gate.hold();                              // from now on every call waits
 *   await gate.waitForHeld(1, 30_000);        // a call is in flight
 *   gate.release();                           // held calls are answered, later ones at once
 *
 * A call whose client has gone (killed, timed out) is answered into the void:
 * the fake drops an answer for a closed socket.
 */
import { smartResponder, type FakeAnthropic, type Responder } from './fake-anthropic';

export interface HeldModel {
  /** Calls from now on wait until `release()`. */
  hold(): void;
  /** Answers the held calls and stops holding. */
  release(): void;
  /** Calls waiting right now. */
  held(): number;
  /** Resolves once at least `n` calls are waiting; rejects after `ms`. */
  waitForHeld(n: number, ms: number): Promise<void>;
}

export function holdModelCalls(anthropic: FakeAnthropic, answer: Responder = smartResponder()): HeldModel {
  let holding = false;
  let waiting: (() => void)[] = [];
  anthropic.setResponder(async (request) => {
    if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
    return answer(request);
  });
  return {
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const released = waiting;
      waiting = [];
      for (const resolve of released) resolve();
    },
    held: () => waiting.length,
    waitForHeld: async (n, ms) => {
      const deadline = Date.now() + ms;
      while (waiting.length < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} held model call(s); ${waiting.length} held`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

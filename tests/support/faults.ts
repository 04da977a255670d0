/**
 * Helpers for the fault tests (tests/server/faults/): Slack's redelivery of
 * an event the bot refused, what the database holds about a conversation, and
 * whether anything of a killed process group is still running.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import { eventEnvelope, sendSigned, type SlackSender } from '../../devtools/fake-slack/signed-requests';

export interface Delivery {
  /** The HTTP status of each attempt so far, in order; 0 when the request itself failed. */
  statuses: number[];
  /** Resolves once an attempt got a 2xx; rejects after the deadline. */
  accepted: Promise<void>;
}

/**
 * Delivers one event as Slack does when the bot does not say "received":
 * the same envelope (same event_id, same message ts), signed afresh, again
 * with X-Slack-Retry-Num until it gets a 2xx. Slack retries three times over
 * about five minutes; here the retries come every `intervalMs` until
 * `deadlineMs` (the retry number stays within Slack's 1–3).
 */
export function deliverUntilAccepted(
  sender: SlackSender,
  event: Record<string, unknown>,
  options: { deadlineMs: number; intervalMs?: number; eventId?: string },
): Delivery {
  const body = JSON.stringify(eventEnvelope(sender, event, options.eventId));
  const deadline = Date.now() + options.deadlineMs;
  const statuses: number[] = [];
  const accepted = (async () => {
    for (;;) {
      const retryNum = Math.min(statuses.length, 3);
      let status: number;
      try {
        status = (await sendSigned(sender, body, 'application/json', retryNum ? { retryNum } : {})).status;
      } catch {
        status = 0;
      }
      statuses.push(status);
      if (status >= 200 && status < 300) return;
      if (Date.now() > deadline) throw new Error(`event ${String(event.ts)} not accepted within ${options.deadlineMs / 1000} s: ${statuses.join(', ')}`);
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
    }
  })();
  // Awaited by the test; a rejection before it gets there must not be unhandled.
  accepted.catch(() => {});
  return { statuses, accepted };
}

/** Sends one already-built envelope once, as a Slack delivery (retryNum set for redeliveries). */
export async function deliverOnce(sender: SlackSender, envelope: Record<string, unknown>, retryNum: number): Promise<number> {
  const response = await sendSigned(sender, JSON.stringify(envelope), 'application/json', retryNum ? { retryNum } : {});
  return response.status;
}

export interface MessageRow {
  id: number;
  role: 'person' | 'coach';
  slack_ts: string | null;
  text: string;
}

export interface SessionRow {
  id: string;
  user_id: string;
  thread_ts: string | null;
  status: string;
  answered_message_id: number | null;
  lease_until: Date | null;
}

/** The person's sessions (normally one a day). */
export async function sessionsOf(pool: Pool, teamId: string, userId: string): Promise<SessionRow[]> {
  const { rows } = await pool.query<SessionRow>(
    `select id, user_id, thread_ts, status, answered_message_id::int as answered_message_id, lease_until
       from sessions where team_id = $1 and user_id = $2 order by created_at`,
    [teamId, userId],
  );
  return rows;
}

/** A session's messages, oldest first. */
export async function messagesOf(pool: Pool, sessionId: string): Promise<MessageRow[]> {
  const { rows } = await pool.query<MessageRow>('select id::int as id, role, slack_ts, text from messages where session_id = $1 order by id', [sessionId]);
  return rows;
}

/** How many rows of `messages` carry this Slack ts in this channel (a person's message: exactly one). */
export async function rowsWithTs(pool: Pool, teamId: string, channelId: string, ts: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>('select count(*)::int as n from messages where team_id = $1 and channel_id = $2 and slack_ts = $3', [
    teamId,
    channelId,
    ts,
  ]);
  return rows[0]!.n;
}

/** Processes of process group `pgid` that still run (zombies, already dead and waiting to be reaped, do not count). */
export function livingInGroup(pgid: number): number[] {
  const living: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …": comm may hold spaces or parentheses, so read after the last ')'.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') living.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  return living;
}

/** Waits until `check` returns a value (not undefined/false) before the wall-clock instant `deadline`. */
export async function until<T>(what: string, deadline: number, check: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import type { ProfileLookup } from '../people/ports';
import type { NudgeContent } from './greeting';

/**
 * What the nudge and the App Home need from Slack, for one workspace.
 * src/slack/nudge-client.ts implements it on the Web API. A call Slack
 * refuses for good for this person throws people's Unreachable; one that
 * may pass throws DeliveryFailed.
 */
export interface Messenger extends ProfileLookup {
  /** The DM channel with the person (conversations.open). */
  openDm(userId: string): Promise<string>;
  /** Posts the nudge at the top of the DM; its ts. */
  postNudge(channelId: string, nudge: NudgeContent): Promise<string>;
}

/** Slack refused a call for a reason that may pass; `reason` is Slack's error code when it gave one. */
export class DeliveryFailed extends Error {
  readonly code = 'delivery_failed';

  constructor(readonly reason: string | undefined) {
    super(`delivery failed${reason ? `: ${reason}` : ''}`);
    this.name = 'DeliveryFailed';
  }
}

/**
 * Each workspace's Slack, for work no incoming event starts (the nudge pass):
 * the Messenger on that workspace's own, fresh bot token, or null when the
 * app is no longer installed there (its nudges stop).
 */
export interface Workspaces {
  messenger(teamId: string): Promise<Messenger | null>;
}

/**
 * Counts each nudge tried, for the operator's metrics (src/observability/metrics.ts
 * implements it): sent, skipped with why (paused, already, unreachable, …), or
 * failed with Slack's code when it gave one.
 */
export interface NudgeMeter {
  nudge(outcome: 'sent' | 'skipped' | 'failed', reason?: string): void;
}

import type { WebClient } from '@slack/web-api';
import type { Database } from '../db/client';
import { createNudgeStore, createPaceStore } from '../db/stores';
import type { Logger } from '../log';
import type { Pace } from '../nudge/pace';
import type { Workspaces } from '../nudge/ports';
import { createNudgeEngine, formatSummary, runNudgePass, type NudgeEngine, type NudgeEngineOptions, type PassSummary } from '../nudge/pass';
import { webMessenger } from '../slack/nudge-client';
import { createRateGate, type RateGate } from '../slack/rate-gate';

/**
 * The entry point of `npm run nudge -- --at <instant>`: one pass as if the
 * clock read `at`. The CLI calls it; so do the tests, with their own database
 * and a WebClient pointed at the fake Slack.
 */
export interface NudgeCommandDeps {
  db: Database;
  /**
   * One workspace's client (SLACK_BOT_TOKEN, local mode) and that workspace's id
   * (its Slack calls share that workspace's pace with every replica), or with
   * OAuth installs every workspace's Slack (`{ workspaces }`).
   */
  client: WebClient | { workspaces: Workspaces };
  /** The client's workspace; unused with `{ workspaces }`, which pace each workspace themselves. */
  teamId?: string;
  logger: Logger;
  pace?: Pace;
  /** The workspace's shared Slack pace; on this database with Slack's tiers unless told. */
  gate?: RateGate;
  onThreadReady?: NudgeEngineOptions['onThreadReady'];
}

export function nudgeEngineFor(deps: NudgeCommandDeps): NudgeEngine {
  return createNudgeEngine({
    store: createNudgeStore(deps.db),
    ...('workspaces' in deps.client
      ? { workspaces: deps.client.workspaces }
      : { slack: webMessenger(deps.client, { gate: deps.gate ?? createRateGate(createPaceStore(deps.db), deps.logger), teamId: deps.teamId ?? '' }) }),
    logger: deps.logger,
    ...(deps.pace ? { pace: deps.pace } : {}),
    ...(deps.onThreadReady ? { onThreadReady: deps.onThreadReady } : {}),
  });
}

export async function runNudgeCommand(deps: NudgeCommandDeps, at: Date): Promise<{ summary: PassSummary; line: string }> {
  const summary = await runNudgePass(nudgeEngineFor(deps), at);
  return { summary, line: formatSummary(summary) };
}

/** `--at 2026-03-02T17:00:00Z` or `--at=...`; an instant with a zone (Z or ±hh:mm), so nobody's local clock leaks in. */
export function parseAtArgument(argv: readonly string[], now: Date): Date | { error: string } {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--at') value = argv[++i];
    else if (arg.startsWith('--at=')) value = arg.slice(5);
    else if (arg === '--') continue;
    else return { error: `unknown argument: ${arg}` };
  }
  if (value === undefined) return argv.includes('--at') ? { error: '--at needs an ISO instant' } : now;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    return { error: `--at wants an ISO instant with a zone, such as 2026-03-02T17:00:00Z (got "${value.slice(0, 40)}")` };
  }
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? { error: `--at: not a valid instant: ${value.slice(0, 40)}` } : at;
}

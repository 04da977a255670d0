/**
 * Local mode: `npm start` with no SLACK_BOT_TOKEN. The composition root of
 * the emulator and the bot, the way src/main.ts is for Slack:
 *
 *   1. an in-memory Slack (one workspace, the bot, one local person),
 *   2. the emulator on PORT: the page, the fake Web API (/api/) and its
 *      response URLs (/response/) on that one port,
 *   3. the real bot (startBot: database, model, coach service, Bolt over HTTP)
 *      on a free loopback port of its own, its WebClient pointed at the
 *      emulator's Web API and its signing secret a fresh random one,
 *   4. one banner line: the URL, and which parts are local.
 *
 * Local mode owns a clock that can only move forward: "Send me the morning
 * nudge now" after today's session is done moves it to the next morning (see
 * nudgeLocalPerson), and the bot, the nudge and the fake Slack all read it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, isValidTimeZone, localTime } from '../src/coach/time';
import type { Config } from '../src/config';
import { freePort } from '../src/db/embedded';
import { errorFields, type Logger } from '../src/log';
import { nudgeSafely, type NudgeEngine } from '../src/nudge/pass';
import { refreshProfile } from '../src/people/refresh';
import { nudgeEngineFor } from '../src/cli/nudge-command';
import { formatMinute, isPausedOn } from '../src/nudge/schedule';
import { startBot, type RunningBot } from '../src/server';
import { startEmulator, type LocalPart, type NudgeOutcome, type RunningEmulator } from './emulator/emulator';
import { DEFAULT_BOT_TOKEN, SlackState, SlackWebApi } from './fake-slack';

export const LOCAL_TEAM_ID = 'T0LOCAL001';
export const LOCAL_USER_ID = 'U0LOCAL001';

export interface LocalModeOptions {
  logger: Logger;
  /** Where embedded Postgres keeps its data (default .data/ in the working directory). */
  dataDir?: string;
  /** Where the banner goes; stdout by default. */
  print?: (line: string) => void;
}

export interface RunningLocal {
  url: string;
  /** Where the bot itself listens (its events URL's origin): loopback only. */
  botOrigin: string;
  emulator: RunningEmulator;
  bot: RunningBot;
  clock: LocalClock;
  stop(): Promise<void>;
}

/** Real time plus an offset that only grows: local mode's "next morning" without touching the machine's clock. */
export class LocalClock {
  private offsetMs = 0;

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  /** Moves the clock forward to `instant`; never back. */
  advanceTo(instant: Date): void {
    const ahead = instant.getTime() - this.now().getTime();
    if (ahead > 0) this.offsetMs += ahead;
  }

  get offset(): number {
    return this.offsetMs;
  }
}

export async function startLocal(config: Config, options: LocalModeOptions): Promise<RunningLocal> {
  const { logger } = options;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = new LocalClock();
  const who = localPerson();

  const state = new SlackState({
    // The known token: `npm run nudge` (src/cli/nudge.ts) uses it to reach this emulator on PORT.
    teams: [{ id: LOCAL_TEAM_ID, name: 'Deep Thoughts Local', botName: 'deep_thoughts', botToken: DEFAULT_BOT_TOKEN }],
    users: [{ id: LOCAL_USER_ID, firstName: who.firstName, lastName: who.lastName, tz: who.tz }],
    now: () => clock.now().getTime(),
    onListenerError: (error) => logger.error('emulator_listener_failed', errorFields(error)),
  });
  const team = state.defaultTeam;
  const emulator = await startEmulator({
    port: config.port,
    state,
    api: new SlackWebApi({ state }),
    person: { teamId: team.id, userId: LOCAL_USER_ID },
    commands: manifestCommands(),
    localParts: localParts(config, 'starting…'),
    now: clock.now,
    logger,
  });

  let bot: RunningBot;
  const signingSecret = randomBytes(32).toString('hex');
  const botPort = await freePort();
  try {
    bot = await startBot(config, {
      logger,
      now: clock.now,
      dataDir: options.dataDir,
      port: botPort,
      // Whoever reaches the bot's port could speak for the local person: loopback only.
      host: '127.0.0.1',
      slack: { botToken: team.bot.token, signingSecret, apiUrl: emulator.apiUrl },
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }

  emulator.connectBot({ eventsUrl: `http://127.0.0.1:${botPort}/slack/events`, healthUrl: `http://127.0.0.1:${botPort}/healthz`, metricsUrl: `http://127.0.0.1:${botPort}/metrics`, signingSecret });
  emulator.setLocalParts(localParts(config, bot.databaseLabel));
  const engine = nudgeEngineFor({ db: bot.database.db, client: bot.slack.app.client, teamId: team.id, logger, onThreadReady: (teamId, sessionId) => bot.resumeSession(teamId, sessionId) });
  emulator.setNudge(() => nudgeLocalPerson(engine, { teamId: team.id, userId: LOCAL_USER_ID }, clock));

  print(banner(emulator.url, config, bot));

  let stopping: Promise<void> | undefined;
  return {
    url: emulator.url,
    botOrigin: `http://127.0.0.1:${botPort}`,
    emulator,
    bot,
    clock,
    stop: () =>
      (stopping ??= (async () => {
        await bot.stop();
        await emulator.close();
      })()),
  };
}

/** The one line `npm start` prints in local mode. */
export function banner(url: string, config: Config, bot: Pick<RunningBot, 'databaseLabel' | 'model'>): string {
  const database = config.databaseUrl ? 'Postgres from DATABASE_URL' : `${bot.databaseLabel} (set DATABASE_URL to use your own)`;
  const coach = config.anthropic.apiKey ? `Claude (${bot.model.name})` : 'the offline coach (set ANTHROPIC_API_KEY for Claude)';
  return `Deep Thoughts local mode: open ${url} · Slack: local emulator (no workspace needed) · database: ${database} · coach: ${coach}`;
}

function localParts(config: Config, databaseLabel: string): LocalPart[] {
  return [
    { label: 'Slack', value: 'local emulator' },
    { label: 'Database', value: config.databaseUrl ? 'DATABASE_URL' : databaseLabel },
    { label: 'Coach', value: config.anthropic.apiKey ? 'Claude' : 'offline coach' },
  ];
}

/** The local person: the machine's user name when it looks like a first name, the machine's time zone. */
function localPerson(): { firstName: string; lastName: string; tz: string } {
  let login = '';
  try {
    login = os.userInfo().username;
  } catch {
    // Some containers have no passwd entry for the user.
  }
  const generic = new Set(['root', 'node', 'user', 'admin', 'ubuntu', 'debian', 'runner', 'vscode', 'codespace', 'app', 'gitpod']);
  const firstName = /^[a-z]{2,20}$/i.test(login) && !generic.has(login.toLowerCase()) ? login[0]!.toUpperCase() + login.slice(1).toLowerCase() : 'Alex';
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { firstName, lastName: firstName === 'Alex' ? 'Local' : '', tz: isValidTimeZone(zone) ? zone : 'UTC' };
}

/** The slash commands manifest.yml declares; the emulator answers others as Slack does. */
function manifestCommands(): string[] {
  const file = path.resolve(__dirname, '../manifest.yml');
  const found = existsSync(file) ? [...readFileSync(file, 'utf8').matchAll(/^\s*-?\s*command:\s*["']?(\/[a-z0-9_-]+)/gim)].map((m) => m[1]!.toLowerCase()) : [];
  return found.length ? found : ['/coach-report'];
}

/**
 * "Send me the morning nudge now", through the real nudge path (nudgeSafely,
 * as the scheduler's workers run it): the person's next morning nudge that
 * can still happen, sent now.
 *
 * The nudge goes out once per person per local day, and that is the
 * database's rule, so the control does not bend it: it picks the first day,
 * from today on, that is one of the person's nudge days, not paused or
 * skipped, and has no session yet, and whose nudge window has not closed.
 * When that is today and the window is open, it nudges now; when the nudge
 * time is still ahead (later today, or a later day because today already has
 * its session), local mode's clock moves forward to it first, and the page
 * says so. The bot, the nudge and the fake Slack all read that clock, so the
 * session, its messages and its report stay in order.
 */
export async function nudgeLocalPerson(engine: NudgeEngine, who: { teamId: string; userId: string }, clock: LocalClock): Promise<NudgeOutcome> {
  const { store } = engine;
  let person = await store.person(who.teamId, who.userId);
  if (!person?.enrolled) {
    await store.enroll(who.teamId, who.userId, clock.now());
    person = await store.person(who.teamId, who.userId);
  }
  const slack = await engine.workspaces.messenger(who.teamId);
  if (person && slack) person = (await refreshProfile(person, { store, lookup: slack, logger: engine.logger }, clock.now())).person;
  if (!person || !isValidTimeZone(person.tz)) return { ok: false, message: 'I could not read your time zone, so I cannot tell when your morning is.' };
  if (person.nudgeDays.length === 0) return { ok: false, message: 'No nudge days are chosen: tick some on the App Home first.' };

  const now = clock.now();
  const today = localTime(now, person.tz).date;
  for (let offset = 0; offset <= 30; offset++) {
    const date = addDays(today, offset);
    const weekday = localTime(zonedInstant(date, 720, person.tz), person.tz).weekday;
    if (!person.nudgeDays.includes(weekday) || isPausedOn(person, date) || person.skipDate === date) continue;
    const slot = zonedInstant(date, person.nudgeMinute, person.tz);
    if (slot.getTime() + engine.catchUpMinutes * 60_000 <= now.getTime()) continue;
    if (await store.sessionOn(who.teamId, who.userId, date)) continue;

    const moved = slot.getTime() > now.getTime();
    if (moved) clock.advanceTo(slot);
    const at = clock.now();
    const result = await nudgeSafely(engine, person, at);
    const when = `${weekdayName(weekday)} ${date} at ${formatMinute(person.nudgeMinute)}`;
    switch (result.kind) {
      case 'nudged':
        return {
          ok: true,
          message: moved ? `Local time moved forward to ${when}, your next morning nudge. It is in your DM.` : 'Your morning nudge is in your DM.',
        };
      case 'skipped':
        return { ok: false, message: `No nudge: ${result.reason === 'already' ? 'that day already has a session' : result.reason.replace('_', ' ')}.` };
      case 'failed':
        return { ok: false, message: `Slack refused the nudge${result.slackError ? ` (${result.slackError})` : ''}; see the terminal.` };
      case 'not_due':
        return { ok: false, message: 'The scheduler did not find the nudge due; see the terminal.' };
    }
  }
  return { ok: false, message: 'Your nudges are paused for the next month: resume them on the App Home.' };
}

/** The instant when the wall clock in `tz` reads `minute` minutes after midnight on `date`. */
export function zonedInstant(date: string, minute: number, tz: string): Date {
  let guess = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  for (let i = 0; i < 3; i++) {
    const local = localTime(new Date(guess), tz);
    const days = (Date.parse(`${local.date}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000;
    const drift = days * 1440 + local.minute - minute;
    if (drift === 0) break;
    guess -= drift * 60_000;
  }
  return new Date(guess);
}

function weekdayName(weekday: number): string {
  return ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][weekday - 1] ?? '';
}

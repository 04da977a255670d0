/**
 * The app as an operator starts it: `npm start` (or another command) in a
 * child process of its own process group, its output collected, and killed
 * with everything it started when the test is done, whatever happened.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { waitFor } from './wait';

export const ROOT = path.resolve(__dirname, '../..');

export interface AppProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  /** The JSON log lines printed so far (other lines skipped). */
  logCodes(): string[];
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Waits for a log line with this code in the output. */
  waitForLog(code: string, timeoutMs?: number): Promise<void>;
  /** The exit code, or 'still running' once `ms` have passed (the timer is cleared either way). */
  exitWithin(ms: number): Promise<number | null | 'still running'>;
  /** Sends `signal` to the whole process group, as a terminal's Ctrl-C does. */
  signalGroup(signal: NodeJS.Signals): void;
  /** SIGKILL to the group; harmless when it is gone. */
  kill(): void;
}

export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv): AppProcess {
  const child = spawn(command, args, {
    cwd: ROOT,
    // Only what is given: no developer's SLACK_* or DATABASE_URL leaks into the run.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a failed test can still clean up everything it started.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  return {
    child,
    output: () => output,
    logCodes: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => {
          try {
            return String((JSON.parse(line) as { code?: unknown }).code);
          } catch {
            return '';
          }
        }),
    exited,
    waitForLog: (code, timeoutMs = 20_000) => waitFor(`the app to log ${code}`, () => output.includes(`"code":"${code}"`), { timeoutMs }).then(() => {}),
    exitWithin: async (ms) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    signalGroup,
    kill: () => signalGroup('SIGKILL'),
  };
}

/** `npm start` with `env`. */
export function npmStart(env: NodeJS.ProcessEnv): AppProcess {
  return startProcess('npm', ['start'], env);
}

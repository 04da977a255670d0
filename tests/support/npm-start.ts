import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * `npm start` (or another npm script) as a child process, the way a person
 * runs it, for tests that watch what it prints and how it exits. Everything
 * is waited for as an event (a line, an exit) with a generous deadline, never
 * timed: the machine may be a loaded 2-core CI runner.
 */
export interface NpmChild {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or after `ms`. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null: killed by a signal), or 'timeout' after `ms`. */
  exit(ms: number): Promise<number | null | 'timeout'>;
  /**
   * SIGTERM to the app itself (the Node process running src/main.ts under
   * npm and tsx), as a supervisor that knows its pid sends it. Not through
   * tsx's relay: tsx gives the app 30 ms to confirm a relayed signal before
   * it SIGKILLs it, which a loaded machine does not always meet.
   */
  terminateApp(): void;
  /** SIGKILL to the whole process group; safe to call twice. */
  kill(): void;
}

export function npmRun(script: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): NpmChild {
  return runChild('npm', script, options);
}

/** The same for any command (say, tsx on src/main.ts from another working directory). */
export function runChild(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): NpmChild {
  const script = [command, ...args].map((part) => part.split('/').pop());
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a failed test can still clean up everything it started.
    detached: true,
  });
  let out = '';
  let err = '';
  let all = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    all += d.toString();
    changed();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    all += d.toString();
    changed();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => {
    gone = true;
    changed();
  });

  return {
    child,
    output: () => all,
    stdout: () => out,
    stderr: () => err,
    waitFor: (pattern, ms) =>
      new Promise((resolve, reject) => {
        const done = () => {
          listeners.delete(check);
          clearTimeout(timer);
        };
        const check = () => {
          const match = pattern.exec(all);
          if (match) {
            done();
            resolve(match);
          } else if (gone) {
            done();
            reject(new Error(`${script.join(' ')} exited before printing ${pattern}:\n${all.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${script.join(' ')} printed no ${pattern} within ${ms / 1000} s:\n${all.slice(-3000)}`));
        }, ms);
        listeners.add(check);
        check();
      }),
    exit: (ms) => {
      let timer: NodeJS.Timeout | undefined;
      return Promise.race([
        exited.finally(() => clearTimeout(timer)),
        new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
      ]);
    },
    terminateApp: () => {
      const app = appProcess(child.pid!);
      if (app === undefined) throw new Error(`no process running src/main.ts under pid ${child.pid}`);
      process.kill(app, 'SIGTERM');
    },
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

/** The deepest process under `root` whose command line names src/main.ts (tsx's CLI is its parent), from /proc. */
function appProcess(root: number): number | undefined {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces or parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(pid, ppid);
      commands.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone meanwhile
    }
  }
  const depth = (pid: number): number => {
    let d = 0;
    for (let at = pid; at !== root; d++) {
      const parent = parents.get(at);
      if (parent === undefined || parent <= 1) return -1;
      at = parent;
    }
    return d;
  };
  let best: { pid: number; depth: number } | undefined;
  for (const [pid, command] of commands) {
    if (!command.includes('src/main.ts')) continue;
    const d = depth(pid);
    if (d > 0 && (!best || d > best.depth)) best = { pid, depth: d };
  }
  return best?.pid;
}

/** The environment of the test run without anything that would pick a mode, a database or a port for the child. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SLACK_|ANTHROPIC_|DATABASE_URL$|COACH_MODEL$|TEST_|PORT$|LOG_LEVEL$|JEST_|npm_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** stderr's lines that are not npm's own (`npm error …`, which npm may add after a failed script). */
export function appLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() && !/^npm (error|ERR!|warn)/.test(line));
}

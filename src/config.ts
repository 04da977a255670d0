import { z } from 'zod';

/**
 * The environment, parsed once at start-up. Nothing else reads process.env.
 * Empty strings count as unset, so `FOO=` in a shell or .env file does not
 * switch a mode on.
 */
const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** A 32-byte AES-256 key, base64 (`openssl rand -base64 32`). */
const tokenKey = optional.pipe(
  z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64 (openssl rand -base64 32)')
    .optional(),
);

/** The variables of the OAuth install flow; any one of them asks for OAuth mode. */
const OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

const SIGNING_SECRET_REQUIRED = 'is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)';

const EnvSchema = z
  .object({
    SLACK_BOT_TOKEN: optional.pipe(z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional()),
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional.pipe(z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional()),
    SLACK_API_URL: optional.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
    ANTHROPIC_API_KEY: optional,
    ANTHROPIC_BASE_URL: optional.pipe(z.url('must be a URL').optional()),
    COACH_MODEL: optional,
    DATABASE_URL: optional.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    PORT: optional
      .transform((v) => Number(v ?? 3000))
      .pipe(z.number('must be a number').int('must be a whole number').min(0, 'must be 0 to 65535').max(65535, 'must be 0 to 65535')),
    LOG_LEVEL: optional.pipe(z.enum(['debug', 'info', 'warn', 'error']).default('info')),
    SLACK_CLIENT_ID: optional,
    SLACK_CLIENT_SECRET: optional,
    SLACK_STATE_SECRET: optional,
    SLACK_REDIRECT_URI: optional.pipe(z.url('must be a URL such as https://bot.example.com/slack/oauth_redirect').optional()),
    TOKEN_ENCRYPTION_KEY: tokenKey,
    TOKEN_ENCRYPTION_KEY_PREVIOUS: tokenKey,
    UNINSTALL_RETENTION_DAYS: optional
      .transform((v) => Number(v ?? 30))
      .pipe(z.number('must be a number').int('must be a whole number').min(0, 'must be 0 or more')),
    // Unset: keep everything. Set: sessions older than that many days are purged nightly.
    RETENTION_DAYS: optional.pipe(
      z
        .string()
        .regex(/^\d+$/, 'must be a whole number of days, such as 90')
        .transform(Number)
        .pipe(z.number().int().min(1, 'must be at least 1 (unset it to keep everything)'))
        .optional(),
    ),
    OTEL_EXPORTER_OTLP_ENDPOINT: optional.pipe(z.url('must be a URL such as http://localhost:4318').optional()),
  })
  .superRefine((env, ctx) => {
    const oauth = OAUTH_VARIABLES.filter((name) => env[name] !== undefined);
    if (oauth.length > 0) {
      // OAuth mode: every workspace's token comes from its installation, never from the environment.
      if (env.SLACK_BOT_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: `cannot be set together with ${oauth.join(', ')}: unset it for OAuth installs, or unset those for one workspace` });
      }
      if (env.SLACK_APP_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'cannot be set in OAuth mode: installs are served over HTTP (/slack/install)' });
      }
      for (const name of OAUTH_VARIABLES) {
        if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `is required with ${oauth.join(', ')} for OAuth installs` });
      }
      if (!env.SLACK_SIGNING_SECRET) ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is required in OAuth mode' });
      if (!env.TOKEN_ENCRYPTION_KEY) {
        ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: 'is required in OAuth mode: 32 bytes, base64 (openssl rand -base64 32)' });
      }
      return;
    }
    if (env.TOKEN_ENCRYPTION_KEY_PREVIOUS && !env.TOKEN_ENCRYPTION_KEY) {
      ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: 'is required with TOKEN_ENCRYPTION_KEY_PREVIOUS' });
    }
    if (env.SLACK_APP_TOKEN && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is required with SLACK_APP_TOKEN in Socket Mode (or unset SLACK_APP_TOKEN for local mode)',
      });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: SIGNING_SECRET_REQUIRED,
      });
    }
  });

/**
 * How the bot meets Slack, by mode; each mode holds exactly the settings it
 * runs on, so no caller needs a `!` or a made-up token. `apiUrl` is the base
 * URL of the Web API, always ending in a slash.
 */
export type SlackConfig =
  /** SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET: Slack sends requests to POST /slack/events. */
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string }
  /** SLACK_BOT_TOKEN + SLACK_APP_TOKEN: the bot opens a WebSocket to Slack. */
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl: string }
  /**
   * No SLACK_BOT_TOKEN: the Slack emulator (devtools/) on PORT, which brings
   * its own bot token. `apiUrl` is where a one-shot command (`npm run nudge`)
   * finds the running emulator's Web API: SLACK_API_URL, else
   * http://127.0.0.1:PORT/api/.
   */
  | { mode: 'local'; apiUrl: string }
  /**
   * SLACK_CLIENT_ID + SLACK_CLIENT_SECRET + SLACK_STATE_SECRET: any workspace
   * installs the app through /slack/install; each workspace's tokens are kept
   * encrypted in Postgres. Over HTTP, like 'http'.
   */
  | { mode: 'oauth'; clientId: string; clientSecret: string; stateSecret: string; signingSecret: string; apiUrl: string; redirectUri?: string; tokenKeys: TokenKeys };

/** AES-256-GCM keys for the tokens at rest: written with `current`, read with either (so the key can be rotated). */
export interface TokenKeys {
  current: Buffer;
  previous?: Buffer;
}

export type SlackMode = SlackConfig['mode'];

/** The modes in which the bot itself talks to a Slack (real, or the emulator local mode hands it). */
export type SlackConnection = Exclude<SlackConfig, { mode: 'local' }>;

export interface Config {
  slack: SlackConfig;
  anthropic: { apiKey?: string; baseUrl?: string; model?: string };
  databaseUrl?: string;
  port: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Days after an uninstall before that workspace's data is purged (UNINSTALL_RETENTION_DAYS, default 30). */
  uninstallRetentionDays: number;
  /** RETENTION_DAYS: sessions older than this many days are purged nightly; undefined keeps everything. */
  retentionDays?: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: when set, OpenTelemetry traces are exported there (src/observability/tracing.ts). */
  tracing?: { endpoint: string };
}

export class ConfigError extends Error {
  /** Stable, for logs and tests, like AppError's (src/errors.ts). */
  readonly code = 'config_invalid';

  constructor(readonly problems: string[]) {
    // One line: it is what `npm start` prints before it exits.
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment. Throws ConfigError naming each bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const e = parsed.data;
  const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
  const apiUrl = withSlash(e.SLACK_API_URL ?? 'https://slack.com/api/');
  let slack: SlackConfig;
  if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET && e.SLACK_SIGNING_SECRET && e.TOKEN_ENCRYPTION_KEY) {
    slack = {
      mode: 'oauth',
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      signingSecret: e.SLACK_SIGNING_SECRET,
      apiUrl,
      ...(e.SLACK_REDIRECT_URI ? { redirectUri: e.SLACK_REDIRECT_URI } : {}),
      tokenKeys: {
        current: Buffer.from(e.TOKEN_ENCRYPTION_KEY, 'base64'),
        ...(e.TOKEN_ENCRYPTION_KEY_PREVIOUS ? { previous: Buffer.from(e.TOKEN_ENCRYPTION_KEY_PREVIOUS, 'base64') } : {}),
      },
    };
  } else if (!e.SLACK_BOT_TOKEN) {
    // The refinement above has already refused SLACK_APP_TOKEN without a bot token.
    slack = { mode: 'local', apiUrl: withSlash(e.SLACK_API_URL ?? `http://127.0.0.1:${e.PORT}/api/`) };
  } else if (e.SLACK_APP_TOKEN) {
    slack = {
      mode: 'socket',
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      apiUrl,
    };
  } else if (e.SLACK_SIGNING_SECRET) {
    slack = { mode: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, apiUrl };
  } else {
    // Not reached: the refinement above refuses HTTP mode without a signing secret.
    throw new ConfigError([`SLACK_SIGNING_SECRET ${SIGNING_SECRET_REQUIRED}`]);
  }
  return {
    slack,
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL, model: e.COACH_MODEL },
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    uninstallRetentionDays: e.UNINSTALL_RETENTION_DAYS,
    ...(e.RETENTION_DAYS !== undefined ? { retentionDays: e.RETENTION_DAYS } : {}),
    ...(e.OTEL_EXPORTER_OTLP_ENDPOINT ? { tracing: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT } } : {}),
  };
}

/** For entry points: the config, or the failing variables on stderr and exit code 1. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

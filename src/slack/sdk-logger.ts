import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import { redact, type Logger } from '../log';

/**
 * The Slack SDKs' own log lines (Bolt, WebClient) through ours, under one
 * code: the level and a redacted, bounded message. Objects are logged by
 * their type only, since an SDK may pass a request or payload along.
 */
export function slackSdkLogger(logger: Logger, code: string): SlackLogger {
  let level = LogLevel.WARN;
  const line = (parts: unknown[]) =>
    redact(parts.map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.name : typeof p)).join(' ')).slice(0, 300);
  return {
    debug: () => {},
    info: (...parts) => {
      if (level === LogLevel.INFO || level === LogLevel.DEBUG) logger.info(code, { message: line(parts) });
    },
    warn: (...parts) => logger.warn(code, { message: line(parts) }),
    error: (...parts) => logger.error(code, { message: line(parts) }),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

import type { Config } from './config';
import { AppError } from './errors';
import type { Logger } from './log';

/**
 * Local mode (no SLACK_BOT_TOKEN) runs the Slack emulator from devtools/,
 * which is developer tooling: TypeScript loaded by tsx from source, never
 * compiled into dist/ nor copied into the production image. So the entry
 * points load it here, by a path the compiler does not follow, and the
 * compiled build refuses local mode with one clear line instead of a
 * module-not-found stack.
 */

/** What src/main.ts needs of devtools/local-mode.ts (tests/server/production-build.e2e.test.ts keeps the two in step). */
export interface LocalModeEntry {
  startLocal(config: Config, options: { logger: Logger }): Promise<{ stop(): Promise<void> }>;
}

/** What `npm run nudge` needs of devtools/fake-slack/state.ts in local mode: the emulator's bot token. */
export interface FakeSlackStateEntry {
  DEFAULT_BOT_TOKEN: string;
}

/** Whether this process runs the compiled build (dist/*.js) rather than the TypeScript source under tsx. */
export const RUNS_COMPILED = __filename.endsWith('.js');

/** Loads `devtools/<file>` (a `.js` specifier tsx maps to the `.ts` source) for local mode. */
export async function loadDevtools<T>(file: 'local-mode.js' | 'fake-slack/state.js'): Promise<T> {
  if (RUNS_COMPILED) {
    throw new AppError(
      'local_mode_unavailable',
      'local mode (no SLACK_BOT_TOKEN) runs from source (`npm start` without NODE_ENV=production), not from the compiled build in dist/',
    );
  }
  // A specifier in a variable: the compiler neither follows it into devtools/ nor needs it under src/.
  const specifier = `../devtools/${file}`;
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if ((code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') && String((error as Error).message).includes('devtools/')) {
      throw new AppError('local_mode_unavailable', 'local mode (no SLACK_BOT_TOKEN) needs devtools/, which this install does not have');
    }
    throw error;
  }
}

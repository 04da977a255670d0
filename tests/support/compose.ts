/**
 * compose.yaml and the Dockerfile as data, for the tests that check the
 * deployment without Docker (tests/compose.test.ts) and run its layout with
 * plain processes (tests/server/production-build.e2e.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const ROOT = path.resolve(__dirname, '../..');

export interface ComposeService {
  image?: string;
  build?: string | { context: string };
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  command?: string[];
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function readCompose(): ComposeFile {
  return parse(readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8')) as ComposeFile;
}

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?error}`
 * from `shell` (the host's environment or a .env file): what a container's
 * environment becomes. A required variable left unset throws its error, as
 * `docker compose up` stops with it.
 */
export function interpolate(value: string, shell: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (_, name: string, op: string | undefined, arg: string | undefined) => {
    const set = shell[name];
    const present = op?.startsWith(':') ? set !== undefined && set !== '' : set !== undefined;
    if (present) return set!;
    if (op?.endsWith('?')) throw new Error(`compose: ${name}: ${arg ?? 'required'}`);
    return op?.endsWith('-') ? (arg ?? '') : '';
  });
}

/** A service's environment after interpolation. */
export function environmentOf(service: ComposeService, shell: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), shell)]));
}

/** The runtime stage's CMD of the Dockerfile, exec form: ['node', 'dist/main.js']. */
export function imageCommand(): string[] {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const cmd = [...dockerfile.matchAll(/^CMD\s+(\[.*\])\s*$/gm)].at(-1);
  if (!cmd) throw new Error('the Dockerfile has no CMD in exec form');
  return JSON.parse(cmd[1]!) as string[];
}

/** The ENV the runtime stage sets (NODE_ENV=production), as the container sees it before compose adds its own. */
export function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.split(/^FROM\s/m).at(-1)!;
  return Object.fromEntries([...runtime.matchAll(/^ENV\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)\s*$/gm)].map((m) => [m[1]!, m[2]!]));
}

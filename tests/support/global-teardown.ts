import type { TestPostgres } from './postgres';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __testPostgres?: TestPostgres }).__testPostgres;
  await server?.stop();
}

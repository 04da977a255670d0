/**
 * Local mode (the emulator page and the real bot behind it): `/coach-report
 * export` typed in the page's composer puts the export in the DM, and the
 * page shows it as a link that downloads the JSON from the emulator itself.
 */
import { loadConfig } from '../../src/config';
import { memoryLogger } from '../../src/log';
import { startLocal, type RunningLocal } from '../../devtools/local-mode';
import { createTestDatabase } from '../support/db';
import { waitFor } from '../support/wait';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let local: RunningLocal | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  local = await startLocal(loadConfig({ DATABASE_URL: database.url, PORT: '0' }), { logger: memoryLogger(), print: () => {} });
});
afterAll(async () => {
  await local?.stop();
  await database?.drop();
});

async function page(path: string, body: Record<string, unknown>) {
  const response = await fetch(`${local!.url.replace(/\/$/, '')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

test('/coach-report export in the composer: the file in the DM, shown as a link that downloads the JSON', async () => {
  expect(await page('/emulator/messages', { text: 'good morning, I want to fix the roof' })).toMatchObject({ ok: true });
  await page('/emulator/messages', { text: '/coach-report export' });
  const href = await waitFor('the export as a link in the DM', async () => {
    const state = (await (await fetch(`${local!.url.replace(/\/$/, '')}/emulator/state`)).json()) as { messages: { html: string }[] };
    const html = state.messages.map((m) => m.html).find((h) => h.includes('bk-file'));
    return html ? /href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&') : undefined;
  });
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files-pri\//);
  const data = (await (await fetch(href)).json()) as { kind: string; sessions: { messages: { text: string }[] }[] };
  expect(data.kind).toBe('deep-thoughts-export');
  expect(data.sessions[0]?.messages.map((m) => m.text)).toContain('good morning, I want to fix the roof');
});

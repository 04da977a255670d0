import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { embeddedDataDir } from '../../src/db/embedded';

/** Where embedded Postgres keeps the data for a folder (the start itself is covered end to end, tests/server/first-run). */
describe('embeddedDataDir', () => {
  const asRoot = process.getuid?.() === 0;
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-placement-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  test('a folder everyone may walk through: the data stays where it was asked for', () => {
    chmodSync(base, 0o755);
    const asked = path.join(base, 'project', '.data', 'postgres');
    expect(embeddedDataDir(asked)).toBe(asked);
  });

  test("a private folder: as root, a stable folder of its own outside it (the postgres account could not reach it); otherwise in place", () => {
    chmodSync(base, 0o700);
    const asked = path.join(base, 'project', '.data', 'postgres');
    const placed = embeddedDataDir(asked);
    if (!asRoot) {
      expect(placed).toBe(asked);
      return;
    }
    expect(placed.startsWith(base)).toBe(false);
    expect(path.basename(placed)).toBe('postgres');
    expect(embeddedDataDir(asked)).toBe(placed);
    expect(embeddedDataDir(placed)).toBe(placed);
    expect(embeddedDataDir(path.join(base, 'other', '.data', 'postgres'))).not.toBe(placed);
  });
});

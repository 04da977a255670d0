import { connectDatabase } from '../../src/db/client';
import { memoryLogger } from '../../src/log';

describe('connectDatabase', () => {
  test("a pool error (an idle client losing its server) is logged with a code, and does not throw", async () => {
    const logger = memoryLogger();
    // Nothing is asked of this server: the pool connects only for a query.
    const database = connectDatabase('postgres://u:secret-pw@127.0.0.1:1/none', { logger });
    const lost = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(() => database.pool.emit('error', lost)).not.toThrow();
    expect(logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', code: 'database_pool_error', error_code: '57P01' }),
    ]);
    expect(logger.lines.join('\n')).not.toContain('administrator command');
    expect(logger.lines.join('\n')).not.toContain('secret-pw');
    await database.close();
  });

  test('without a logger a pool error is still harmless', async () => {
    const database = connectDatabase('postgres://u:p@127.0.0.1:1/none');
    expect(() => database.pool.emit('error', new Error('gone'))).not.toThrow();
    await database.close();
  });
});

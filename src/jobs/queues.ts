import type PgBoss from 'pg-boss';

/**
 * pg-boss creates a queue without a lock of its own: replicas starting
 * together that create queues at the same moment can deadlock, and Postgres
 * then aborts all but one of them (40P01). Another try finds the queue made
 * and does nothing (tests/jobs/scheduler-start.int.test.ts).
 */
export async function createQueueOnce(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '40P01' || attempt === 5) throw error;
    }
  }
}

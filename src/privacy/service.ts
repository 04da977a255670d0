/**
 * The person owns their data: they can take it away (export) or have it
 * gone (delete), and nothing is kept longer than the operator allows
 * (the retention purge). No Slack and no SQL here: the ports (./ports.ts).
 */
import { errorFields, type Logger } from '../log';
import type { FileDelivery, PersonDataStore, PersonDeletion, PersonExport, RetentionStore } from './ports';

export type ExportResult = { kind: 'sent'; sessions: number } | { kind: 'failed' };
export type DeleteResult = { kind: 'deleted'; deleted: PersonDeletion } | { kind: 'nothing' } | { kind: 'failed' };

export interface PrivacyServiceDeps {
  store: PersonDataStore;
  logger: Logger;
  now: () => Date;
}

/** The export as the file says it: what it is, when it was made, then the data. */
export function exportDocument(data: PersonExport, at: Date): string {
  return JSON.stringify(
    {
      kind: 'deep-thoughts-export',
      version: 1,
      exportedAt: at.toISOString(),
      note: 'Everything Deep Thoughts holds about you in this workspace: your settings, every session with its messages, and every report. What the coach remembers from one session to the next is read from your reports, so it is here too.',
      ...data,
    },
    null,
    2,
  );
}

export function exportFilename(data: PersonExport, at: Date): string {
  return `deep-thoughts-${data.userId}-${at.toISOString().slice(0, 10)}.json`;
}

export class PrivacyService {
  constructor(private readonly deps: PrivacyServiceDeps) {}

  /** Sends the person their data as a JSON file in their DM. */
  async exportTo(teamId: string, userId: string, delivery: FileDelivery, comment: string): Promise<ExportResult> {
    const { store, logger, now } = this.deps;
    try {
      const data = await store.exportPerson(teamId, userId);
      const at = now();
      await delivery.sendToPerson(userId, { filename: exportFilename(data, at), title: 'Deep Thoughts export', content: exportDocument(data, at), comment });
      logger.info('person_exported', { team: teamId, user: userId, sessions: data.sessions.length });
      return { kind: 'sent', sessions: data.sessions.length };
    } catch (error) {
      logger.error('person_export_failed', { team: teamId, user: userId, ...errorFields(error) });
      return { kind: 'failed' };
    }
  }

  /** Deletes everything of the person; doing it again finds nothing and says so. */
  async delete(teamId: string, userId: string): Promise<DeleteResult> {
    const { store, logger } = this.deps;
    try {
      const deleted = await store.deletePerson(teamId, userId);
      const total = deleted.settings + deleted.sessions + deleted.messages + deleted.reports;
      logger.info('person_deleted', { team: teamId, user: userId, ...deleted });
      return total === 0 ? { kind: 'nothing' } : { kind: 'deleted', deleted };
    } catch (error) {
      logger.error('person_delete_failed', { team: teamId, user: userId, ...errorFields(error) });
      return { kind: 'failed' };
    }
  }
}

/** The nightly purge: sessions created more than `days` days before now. */
export async function purgeExpired(store: RetentionStore, days: number, now: Date, logger: Logger): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
  const { sessions } = await store.purgeSessionsBefore(cutoff);
  logger.info('retention_purged', { sessions, days });
  return sessions;
}

import { errorFields, type Logger } from '../log';
import type { CoachModel, ReportRequest } from './ports';
import type { ReportDraft } from './report';

/** What `writtenBy` says when the model could not write the report. */
export const FALLBACK_WRITER = 'offline-fallback';

export interface WrittenReport {
  draft: ReportDraft;
  /** The model's name, or `FALLBACK_WRITER` when the report was built without it. */
  writtenBy: string;
}

/**
 * Asks the model for the report and, if it cannot give one (unavailable, or
 * invalid even after its own retry), builds one from the transcript instead:
 * a person who typed "wrap up" always gets a report. Any error falls back, not
 * only CoachModelError, because losing the report to a bug is worse than a
 * plainer report; the warn line keeps the bug visible.
 */
export async function writeReportWithFallback(
  model: CoachModel,
  request: ReportRequest,
  fallback: (request: ReportRequest) => ReportDraft,
  logger: Logger,
): Promise<WrittenReport> {
  try {
    const draft = await model.writeReport(request);
    return { draft, writtenBy: model.name };
  } catch (error) {
    logger.warn('report_fallback', { model: model.name, ...errorFields(error) });
    return { draft: fallback(request), writtenBy: FALLBACK_WRITER };
  }
}

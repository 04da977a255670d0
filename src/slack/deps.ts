import type { ReportArchive } from '../coach/archive';
import type { CoachService } from '../coach/service';
import type { Logger } from '../log';

/** What every listener may use. Built once in src/main.ts. */
export interface SlackDeps {
  service: CoachService;
  archive: ReportArchive;
  logger: Logger;
  now: () => Date;
}

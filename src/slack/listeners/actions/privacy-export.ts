import { errorFields } from '../../../log';
import { slackFileDelivery } from '../../file-delivery';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { answerWhereClicked, type PrivacyActionArgs, type PrivacyDeps } from './privacy-common';

/**
 * "Export my data": everything the bot holds about the clicker, as a JSON
 * file in their DM (src/slack/file-delivery.ts), then a line where they
 * clicked saying it is there.
 */
export function exportDataButton(deps: PrivacyDeps) {
  return async (args: PrivacyActionArgs): Promise<void> => {
    await args.ack();
    const who = whoFrom(args.context);
    if (!who) return;
    const w = await wordsFrom(args.context);
    const result = await deps.privacy.exportTo(who.teamId, who.userId, slackFileDelivery(args.client), w.privacyExportComment);
    await answerWhereClicked(args, deps, who, result.kind === 'sent' ? w.privacyExportSent : w.privacyExportFailed).catch((error: unknown) =>
      deps.logger.warn('privacy_answer_failed', { team: who.teamId, user: who.userId, ...errorFields(error) }),
    );
  };
}

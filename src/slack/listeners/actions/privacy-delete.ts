import { errorFields } from '../../../log';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { answerWhereClicked, type PrivacyActionArgs, type PrivacyDeps } from './privacy-common';

/**
 * "Delete my data", after Slack's confirm dialog (the button's `confirm`):
 * https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object
 * Everything of the person in this workspace goes in one transaction. The
 * button carries nothing but its id: whose data goes is the clicker's, from
 * the signed payload. A second press, or the same payload delivered again,
 * finds nothing left and says so.
 */
export function deleteDataButton(deps: PrivacyDeps) {
  return async (args: PrivacyActionArgs): Promise<void> => {
    await args.ack();
    const who = whoFrom(args.context);
    if (!who) return;
    // Read before the person's row (and their locale with it) is gone.
    const w = await wordsFrom(args.context);
    const result = await deps.privacy.delete(who.teamId, who.userId);
    const text = result.kind === 'deleted' ? w.privacyDeleted : result.kind === 'nothing' ? w.privacyNothingToDelete : w.privacyDeleteFailed;
    await answerWhereClicked(args, deps, who, text).catch((error: unknown) =>
      deps.logger.warn('privacy_answer_failed', { team: who.teamId, user: who.userId, ...errorFields(error) }),
    );
  };
}

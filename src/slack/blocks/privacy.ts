/**
 * The person's data on Slack: the App Home's "Your data" section and the
 * confirmation `/coach-report delete` answers with. The Delete button is
 * danger-styled and asks again in Slack's own confirm dialog
 * (https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object),
 * so one slip of the mouse deletes nothing. Pure; fixed words from the catalog.
 */
import type { Button, KnownBlock } from '@slack/types';
import type { Words } from '../../words/catalog';
import { ACTIONS } from './ids';
import type { SlackMessage } from './message';

export function exportButton(w: Words): Button {
  return { type: 'button', text: { type: 'plain_text', text: w.privacyExportButton, emoji: true }, action_id: ACTIONS.exportData, value: 'export' };
}

export function deleteButton(w: Words): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: w.privacyDeleteButton, emoji: true },
    action_id: ACTIONS.deleteData,
    value: 'delete',
    style: 'danger',
    confirm: {
      title: { type: 'plain_text', text: w.privacyDeleteDialogTitle },
      text: { type: 'plain_text', text: w.privacyDeleteDialogText },
      confirm: { type: 'plain_text', text: w.privacyDeleteDialogConfirm },
      deny: { type: 'plain_text', text: w.privacyDeleteDialogDeny },
      style: 'danger',
    },
  };
}

/** What `/coach-report delete` answers: what goes, and the button that does it. */
export function renderDeleteConfirmation(w: Words): SlackMessage {
  return {
    text: w.privacyDeleteAsk,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: w.privacyDeleteAsk } },
      { type: 'actions', elements: [deleteButton(w), exportButton(w)] },
    ],
  };
}

/** The App Home's "Your data" section. */
export function renderHomePrivacy(w: Words): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*${w.privacyHeading}*` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: w.privacyHomeText }] },
    { type: 'actions', elements: [exportButton(w), deleteButton(w)] },
  ];
}

/**
 * The person's data on Slack: the App Home's "Your data" section and the
 * confirmation `/coach-report delete` answers with. The Delete button is
 * danger-styled and asks again in Slack's own confirm dialog
 * (https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object),
 * so one slip of the mouse deletes nothing. Pure; fixed words from the catalog.
 */
import type { Button, KnownBlock } from '@slack/types';
import { COPY } from '../copy';
import { ACTIONS } from './ids';
import type { SlackMessage } from './message';

export function exportButton(): Button {
  return { type: 'button', text: { type: 'plain_text', text: COPY.privacyExportButton, emoji: true }, action_id: ACTIONS.exportData, value: 'export' };
}

export function deleteButton(): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: COPY.privacyDeleteButton, emoji: true },
    action_id: ACTIONS.deleteData,
    value: 'delete',
    style: 'danger',
    confirm: {
      title: { type: 'plain_text', text: COPY.privacyDeleteDialogTitle },
      text: { type: 'plain_text', text: COPY.privacyDeleteDialogText },
      confirm: { type: 'plain_text', text: COPY.privacyDeleteDialogConfirm },
      deny: { type: 'plain_text', text: COPY.privacyDeleteDialogDeny },
      style: 'danger',
    },
  };
}

/** What `/coach-report delete` answers: what goes, and the button that does it. */
export function renderDeleteConfirmation(): SlackMessage {
  return {
    text: COPY.privacyDeleteAsk,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: COPY.privacyDeleteAsk } },
      { type: 'actions', elements: [deleteButton(), exportButton()] },
    ],
  };
}

/** The App Home's "Your data" section. */
export function renderHomePrivacy(): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*${COPY.privacyHeading}*` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: COPY.privacyHomeText }] },
    { type: 'actions', elements: [exportButton(), deleteButton()] },
  ];
}

/**
 * The person's-data blocks (src/slack/blocks/privacy.ts) as Slack would take
 * them: the delete answer and the App Home section pass the fake Slack's
 * Block Kit validator, the Delete button is danger-styled behind a confirm
 * dialog, and every language's words fit the dialog's and the button's
 * limits (devtools/block-kit/slack-limits.ts, from Slack's docs).
 */
import { SLACK_LIMITS } from '../../../devtools/block-kit/slack-limits';
import { validateMessage, validateView } from '../../../devtools/block-kit/validate';
import { deleteButton, renderDeleteConfirmation, renderHomePrivacy } from '../../../src/slack/blocks/privacy';
import { parseReportCommand } from '../../../src/slack/report-command';
import { LOCALES, wordsFor } from '../../../src/words/catalog';

const EN = wordsFor('en');

test('the delete answer and the Home section are valid Block Kit', () => {
  expect(validateMessage(renderDeleteConfirmation(EN))).toEqual([]);
  expect(validateView({ type: 'home', blocks: renderHomePrivacy(EN) })).toEqual([]);
});

test('Delete is a danger button that asks first, and carries no one’s id', () => {
  const button = deleteButton(EN);
  expect(button.style).toBe('danger');
  expect(button.confirm).toMatchObject({ style: 'danger', title: { type: 'plain_text' }, confirm: { type: 'plain_text' }, deny: { type: 'plain_text' } });
  expect(button.value).toBe('delete');
});

test.each(LOCALES)('the %s words fit the confirm dialog and the buttons', (locale) => {
  const w = wordsFor(locale);
  expect(w.privacyDeleteDialogTitle.length).toBeLessThanOrEqual(SLACK_LIMITS.confirm.title.max);
  expect(w.privacyDeleteDialogText.length).toBeLessThanOrEqual(SLACK_LIMITS.confirm.text.max);
  expect(w.privacyDeleteDialogConfirm.length).toBeLessThanOrEqual(SLACK_LIMITS.confirm.button.max);
  expect(w.privacyDeleteDialogDeny.length).toBeLessThanOrEqual(SLACK_LIMITS.confirm.button.max);
  expect(w.privacyDeleteButton.length).toBeLessThanOrEqual(SLACK_LIMITS.button.text.max);
  expect(w.privacyExportButton.length).toBeLessThanOrEqual(SLACK_LIMITS.button.text.max);
});

test.each([
  ['export', { kind: 'export' }],
  [' EXPORT ', { kind: 'export' }],
  ['delete', { kind: 'delete' }],
  ['Delete', { kind: 'delete' }],
  ['delete everything', { kind: 'unknown', text: 'delete everything' }],
] as const)('/coach-report %p is %p', (text, parsed) => {
  expect(parseReportCommand(text)).toEqual(parsed);
});

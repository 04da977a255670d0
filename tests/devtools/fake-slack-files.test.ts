import { LogLevel, WebClient, type Logger, type WebAPIPlatformError } from '@slack/web-api';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { messageToHtml } from '../../devtools/emulator/render';

/**
 * Files on the fake Slack, as the real WebClient's filesUploadV2 drives them:
 * files.getUploadURLExternal, a POST of the bytes to the upload URL, then
 * files.completeUploadExternal, which shares the file in a channel once. The
 * fake refuses what Slack refuses: a missing name or length, an id it never
 * handed out (or another workspace's), a second completion, a missing scope.
 */
let slack: RunningSlackApi;
let client: WebClient;

const quiet: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

beforeEach(async () => {
  slack = await startSlackApi({
    teams: [{ id: 'T1' }, { id: 'T2', scopes: ['chat:write', 'im:write'] }],
    users: [{ teamId: 'T1', id: 'U1', firstName: 'Ada' }, { teamId: 'T2', id: 'U2', firstName: 'Grace' }],
  });
  client = new WebClient(slack.botToken, { slackApiUrl: slack.url, logger: quiet, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  await slack.close();
});

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as WebAPIPlatformError).data?.error ?? String(error);
  }
  throw new Error('the call was not refused');
}

test('filesUploadV2 shares the file in the DM: a message with the file, whose bytes are served at its url_private', async () => {
  const { channel } = slack.state.openIm('T1', 'U1');
  const content = JSON.stringify({ hello: 'wörld ✅' });
  const result = await client.filesUploadV2({ channel_id: channel.id, filename: 'export.json', title: 'Export', content, initial_comment: 'Your data' });
  expect(result.ok).toBe(true);
  const [message] = slack.state.messages({ channel: channel.id });
  expect(message?.text).toBe('Your data');
  expect(message?.bot_id).toBe(slack.team.bot.bot_id);
  expect(message?.files).toEqual([expect.objectContaining({ name: 'export.json', title: 'Export', size: Buffer.byteLength(content), mimetype: 'application/json' })]);
  const response = await fetch(message!.files![0]!.url_private);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe(content);
  // The emulator shows it as a link to those bytes.
  expect(messageToHtml(message!)).toContain(`href="${message!.files![0]!.url_private}"`);
  expect(messageToHtml(message!)).toContain('export.json');
});

test('raw bytes at the upload URL work too; completing an upload twice is refused', async () => {
  const { channel } = slack.state.openIm('T1', 'U1');
  const start = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 5 });
  const upload = await fetch(start.upload_url!, { method: 'POST', body: 'hello' });
  expect(upload.status).toBe(200);
  await client.files.completeUploadExternal({ files: [{ id: start.file_id! }], channel_id: channel.id });
  expect(await refusal(client.files.completeUploadExternal({ files: [{ id: start.file_id! }], channel_id: channel.id }))).toBe('file_not_found');
  expect(slack.state.messages({ channel: channel.id })).toHaveLength(1);
});

test('refuses a missing filename, a missing or zero length, an unknown id, bytes that never came, and a missing scope', async () => {
  const call = (method: string, args: Record<string, unknown>) => refusal(client.apiCall(method, args));
  expect(await call('files.getUploadURLExternal', { length: 5 })).toBe('invalid_arguments');
  expect(await call('files.getUploadURLExternal', { filename: 'a.json' })).toBe('invalid_arguments');
  expect(await call('files.getUploadURLExternal', { filename: 'a.json', length: 0 })).toBe('missing_argument');
  expect(await call('files.completeUploadExternal', { files: JSON.stringify([{ id: 'F0NOTREAL' }]) })).toBe('file_not_found');
  expect(await call('files.completeUploadExternal', {})).toBe('invalid_arguments');
  const start = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 5 });
  expect(await call('files.completeUploadExternal', { files: JSON.stringify([{ id: start.file_id }]) })).toBe('file_upload_size_mismatch');
  expect((await fetch(`${slack.origin}/upload/v1/F0NOTREAL`, { method: 'POST', body: 'x' })).status).toBe(404);
  // T2's token lacks files:write.
  const other = new WebClient(slack.state.team('T2')!.bot.token, { slackApiUrl: slack.url, logger: quiet, retryConfig: { retries: 0 } });
  expect(await refusal(other.files.getUploadURLExternal({ filename: 'a.txt', length: 5 }))).toBe('missing_scope');
});

test('an upload of one workspace cannot be completed, nor read, by another', async () => {
  const start = await client.files.getUploadURLExternal({ filename: 'a.txt', length: 5 });
  await fetch(start.upload_url!, { method: 'POST', body: 'hello' });
  const t2 = slack.state.addTeam({ id: 'T3' });
  const other = new WebClient(t2.bot.token, { slackApiUrl: slack.url, logger: quiet, retryConfig: { retries: 0 } });
  expect(await refusal(other.files.completeUploadExternal({ files: [{ id: start.file_id! }] }))).toBe('file_not_found');
  const { channel } = slack.state.openIm('T1', 'U1');
  await client.files.completeUploadExternal({ files: [{ id: start.file_id! }], channel_id: channel.id });
  const url = slack.state.messages({ channel: channel.id })[0]!.files![0]!.url_private;
  expect((await fetch(url.replace('/T1-', '/T3-'))).status).toBe(404);
});

test('the emulator asks before a button with a confirm dialog is sent', () => {
  const html = messageToHtml({
    text: 'x',
    blocks: [
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'privacy_delete',
            text: { type: 'plain_text', text: 'Delete' },
            style: 'danger',
            confirm: { title: { type: 'plain_text', text: 'Sure?' }, text: { type: 'plain_text', text: '<b>gone</b>' }, confirm: { type: 'plain_text', text: 'Yes' }, deny: { type: 'plain_text', text: 'No' } },
          },
        ],
      },
    ],
  });
  expect(html).toContain('data-confirm="Sure?\n\n&lt;b&gt;gone&lt;/b&gt;"');
});

/**
 * The fake Slack's oauth.v2.access, through the real WebClient: the code
 * exchange and the refresh grant, and the refusals Slack documents
 * (https://docs.slack.dev/reference/methods/oauth.v2.access#errors).
 */
import { WebClient } from '@slack/web-api';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';

let slack: RunningSlackApi;
let client: WebClient;
const app = { client_id: '111.222', client_secret: 'shh' };

beforeAll(async () => {
  slack = await startSlackApi({ teams: [{ id: 'T1' }, { id: 'T2' }], oauth: { clientId: '111.222', clientSecret: 'shh' } });
  client = new WebClient(undefined, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await slack.close();
});

const refused = (call: Promise<unknown>) => call.then(() => 'ok', (error: { data?: { error?: string } }) => error.data?.error);

test('a code is exchanged once for the workspace’s own bot token, which then authenticates as that workspace', async () => {
  const code = slack.oauth!.approve('T2', { userId: 'U9' });
  const answer = await client.oauth.v2.access({ ...app, code });
  expect(answer).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'T2' }, authed_user: { id: 'U9' }, is_enterprise_install: false });
  expect(answer.refresh_token).toBeUndefined();
  const token = answer.access_token!;
  expect(token).not.toBe(slack.botToken);
  expect(await new WebClient(token, { slackApiUrl: slack.url }).auth.test()).toMatchObject({ team_id: 'T2', user_id: answer.bot_user_id });
  // Reused: refused, as Slack refuses it.
  expect(await refused(client.oauth.v2.access({ ...app, code }))).toBe('invalid_code');
});

test('wrong client id, wrong secret, unknown code, other redirect_uri and grant type are refused', async () => {
  const code = slack.oauth!.approve('T1', { userId: 'U1', redirectUri: 'https://bot.example/slack/oauth_redirect' });
  expect(await refused(client.oauth.v2.access({ client_id: '999.999', client_secret: 'shh', code }))).toBe('invalid_client_id');
  expect(await refused(client.oauth.v2.access({ client_id: '111.222', client_secret: 'nope', code }))).toBe('bad_client_secret');
  expect(await refused(client.oauth.v2.access({ ...app, code: 'T1.made-up' }))).toBe('invalid_code');
  expect(await refused(client.oauth.v2.access({ ...app, code, redirect_uri: 'https://evil.example/cb' }))).toBe('bad_redirect_uri');
  expect(await refused(client.oauth.v2.access({ ...app, code: slack.oauth!.approve('T1', { userId: 'U1' }), grant_type: 'password' as 'refresh_token' }))).toBe('invalid_grant_type');
});

test('with token rotation: an expiring token and a refresh token that is good once', async () => {
  slack.oauth!.tokenRotation = true;
  try {
    const first = await client.oauth.v2.access({ ...app, code: slack.oauth!.approve('T1', { userId: 'U1' }) });
    expect(first.access_token).toMatch(/^xoxe\.xoxb-/);
    expect(first.expires_in).toBe(43_200);
    const refreshToken = first.refresh_token!;
    const next = await client.oauth.v2.access({ ...app, grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(next).toMatchObject({ ok: true, token_type: 'bot', team: { id: 'T1' }, expires_in: 43_200 });
    expect(next.access_token).not.toBe(first.access_token);
    expect(next.refresh_token).not.toBe(refreshToken);
    expect(await refused(client.oauth.v2.access({ ...app, grant_type: 'refresh_token', refresh_token: refreshToken }))).toBe('invalid_refresh_token');
    expect(await refused(client.oauth.v2.access({ ...app, grant_type: 'refresh_token', refresh_token: 'xoxe-1-made-up' }))).toBe('invalid_refresh_token');

    // An expired access token is refused with token_expired; an uninstall revokes the rest.
    const short = await client.oauth.v2.access({ ...app, code: slack.oauth!.approve('T1', { userId: 'U1', expiresInSeconds: 0 }) });
    expect(await refused(new WebClient(short.access_token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } }).auth.test())).toBe('token_expired');
    slack.oauth!.uninstall('T1');
    expect(await refused(new WebClient(next.access_token, { slackApiUrl: slack.url, retryConfig: { retries: 0 } }).auth.test())).toBe('token_revoked');
    expect(await refused(client.oauth.v2.access({ ...app, grant_type: 'refresh_token', refresh_token: next.refresh_token! }))).toBe('invalid_refresh_token');
  } finally {
    slack.oauth!.tokenRotation = false;
  }
});

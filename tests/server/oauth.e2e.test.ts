/**
 * Any workspace (OAuth mode): installs through the bot's real /slack/install
 * and /slack/oauth_redirect against the fake Slack's oauth.v2.access, with
 * and without token rotation; each workspace coached on its own token; a
 * rotating token close to expiry refreshed before the nudge that needs it;
 * app_uninstalled deletes the tokens and stops the nudges; the purge after
 * the grace period clears that workspace and no other.
 */
import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { localTime } from '../../src/coach/time';
import { purgeUninstalledWorkspaces } from '../../src/jobs/workspace-purge';
import { settled } from '../support/e2e';
import { startOAuthE2E, type OAuthE2E } from '../support/oauth-e2e';
import { logLines, waitFor } from '../support/wait';

let e2e: OAuthE2E;
beforeAll(async () => {
  e2e = await startOAuthE2E({
    nudges: { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, tickPollingIntervalSeconds: 0.5, nudgePollingIntervalSeconds: 0.5 },
  });
}, 30_000);
afterAll(async () => {
  await e2e?.stop();
});

/** A person writes in their DM with the bot in `teamId`; resolves with the bot's reply in the thread. */
async function dm(teamId: string, user: string, text: string) {
  const { channel } = e2e.slack.state.openIm(teamId, user);
  const message = e2e.slack.state.postMessage({ channel: channel.id, user, text });
  const response = await sendEvent(e2e.sender(teamId), directMessageEvent({ user, channel: channel.id, ts: message.ts, text }));
  expect(response.status).toBe(200);
  return { channel: channel.id, ts: message.ts };
}

/** The token each chat.postMessage into `channel` was made with. */
function postTokens(channel: string): (string | undefined)[] {
  return e2e.slack.calls('chat.postMessage').filter((c) => c.args.channel === channel && c.response?.ok).map((c) => c.token);
}

async function installationRow(teamId: string) {
  const { rows } = await e2e.database.pool.query<{ row: string; secrets: string | null; uninstalled_at: Date | null; purge_after: Date | null; bot_token_expires_at: Date | null }>(
    'select row_to_json(i)::text as row, secrets, uninstalled_at, purge_after, bot_token_expires_at from installations i where team_id = $1',
    [teamId],
  );
  return rows[0];
}

/** A fixed-offset zone where it is around noon now, so a nudge a minute ago (local) is due whatever the real time. */
function zoneAtNoon(now: Date): string {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A person of `teamId` whose nudge is due now, in Slack and in the database. */
async function duePerson(teamId: string, userId: string, firstName: string) {
  const now = new Date();
  const tz = zoneAtNoon(now);
  e2e.slack.state.addUser({ teamId, id: userId, firstName, tz });
  await e2e.database.pool.query(
    `insert into users (team_id, user_id, first_name, tz, tz_checked_at, nudge_days, nudge_minute) values ($1, $2, $3, $4, now(), '{1,2,3,4,5,6,7}', $5)`,
    [teamId, userId, firstName, tz, Math.max(0, localTime(now, tz).minute - 1)],
  );
}

test('the install page sets the state cookie and links to Slack with our client id and scopes; a redirect without that state is refused', async () => {
  const page = await fetch(`${e2e.baseUrl}/slack/install`);
  expect(page.status).toBe(200);
  expect(page.headers.get('set-cookie')).toMatch(/^slack-app-oauth-state=[^;]+; Secure; HttpOnly/);
  const href = /href="([^"]+)"/.exec(await page.text())?.[1]?.replace(/&amp;/g, '&') ?? '';
  const url = new URL(href);
  expect(url.origin + url.pathname).toBe('https://slack.com/oauth/v2/authorize');
  expect(url.searchParams.get('client_id')).toBe('1234567890.0987654321');
  expect(url.searchParams.get('scope')?.split(',')).toEqual(expect.arrayContaining(['chat:write', 'im:history', 'im:write', 'users:read']));

  // A code with a state that is not this browser's (CSRF): refused, nothing exchanged, nothing stored.
  const code = e2e.oauth.approve('T1', { userId: 'U1' });
  const forged = await fetch(`${e2e.baseUrl}/slack/oauth_redirect?code=${code}&state=${url.searchParams.get('state')}`, { headers: { cookie: 'slack-app-oauth-state=someone-else' } });
  expect(forged.status).toBe(400);
  expect(e2e.slack.calls('oauth.v2.access')).toHaveLength(0);
  expect(await installationRow('T1')).toBeUndefined();
  expect(logLines(e2e.logger).some((l) => l.code === 'slack_install_failed')).toBe(true);
});

test('an install without token rotation is stored sealed, and a DM from that workspace is coached with its token', async () => {
  const installed = await e2e.install('T1', { userId: 'U1' });
  expect(installed.status).toBe(200);
  expect(installed.body).toContain('Deep Thoughts is installed');
  const [token] = e2e.oauth.issuedTokens('T1');
  expect(token).toMatch(/^xoxb-/);

  const row = await installationRow('T1');
  expect(row?.secrets).toMatch(/^v1\./);
  // Neither the token nor any part of it is in the table in the clear.
  expect(row?.row).not.toContain(token);
  expect(row?.row).not.toContain(token!.slice(-16));
  expect(row?.bot_token_expires_at).toBeNull();

  const { channel, ts } = await dm('T1', 'U1', 'I need to ship the quarterly plan');
  const reply = await waitFor('the coach’s reply in T1', () => e2e.slack.state.messages({ channel, thread_ts: ts, author: 'bot' })[0]);
  expect(reply.team).toBe('T1');
  expect(postTokens(channel)).toEqual([token]);
  // The 💭 reaction's client has no token of its own in OAuth mode: each call carries the request's.
  const reactions = e2e.slack.calls('reactions.add').filter((c) => c.args.channel === channel);
  expect(reactions.map((c) => [c.response?.ok, c.token])).toEqual([[true, token]]);
  expect(e2e.logger.lines.join('\n')).not.toContain(token);
});

test('a second workspace installs with token rotation and is coached on its own token', async () => {
  e2e.oauth.tokenRotation = true;
  const installed = await e2e.install('T2', { userId: 'U3' });
  expect(installed.status).toBe(200);
  const [token] = e2e.oauth.issuedTokens('T2');
  expect(token).toMatch(/^xoxe\.xoxb-/);
  const row = await installationRow('T2');
  expect(row?.row).not.toContain(token);
  // The refresh token is sealed too: the only xoxe- strings are inside the ciphertext, which never shows one.
  expect(row?.row).not.toMatch(/xoxe-1-/);
  expect(row?.bot_token_expires_at?.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);

  const { channel, ts } = await dm('T2', 'U3', 'I want to finish the compiler chapter');
  await waitFor('the coach’s reply in T2', () => e2e.slack.state.messages({ channel, thread_ts: ts, author: 'bot' })[0]);
  expect(postTokens(channel)).toEqual([token]);
  expect(token).not.toBe(e2e.oauth.issuedTokens('T1')[0]);
  // Twelve hours left: nothing to refresh.
  expect(e2e.slack.calls('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token')).toHaveLength(0);
});

test('a rotating token about to expire is refreshed before the nudge is posted, and the new one is stored', async () => {
  // Reinstalled with an access token that has 90 seconds left (Slack's are 12 hours; the bot refreshes within two).
  expect((await e2e.install('T2', { userId: 'U3', expiresInSeconds: 90 })).status).toBe(200);
  const nearExpiry = e2e.oauth.issuedTokens('T2').at(-1);
  const sealedBefore = (await installationRow('T2'))?.secrets;

  await duePerson('T2', 'UNUDGE2', 'Nadia');
  const nudge = await waitFor('the nudge in T2', () => e2e.slack.state.messages({ author: 'bot', team: 'T2' }).find((m) => m.text.includes('Nadia')), { timeoutMs: 75_000 });

  const refreshes = e2e.slack.calls('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token' && c.response?.ok);
  expect(refreshes).toHaveLength(1);
  const refreshed = e2e.oauth.issuedTokens('T2').at(-1);
  expect(refreshed).not.toBe(nearExpiry);
  const post = e2e.slack.calls('chat.postMessage').find((c) => c.response?.ts === nudge.ts);
  expect(post?.token).toBe(refreshed);
  expect(refreshes[0]!.at.getTime()).toBeLessThanOrEqual(post!.at.getTime());

  const row = await installationRow('T2');
  expect(row?.secrets).not.toBe(sealedBefore);
  expect(row?.bot_token_expires_at?.getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
}, 100_000);

test('app_uninstalled deletes the tokens at once and stops that workspace’s nudges and replies', async () => {
  e2e.oauth.uninstall('T1');
  const response = await sendEvent(e2e.sender('T1'), { type: 'app_uninstalled' });
  expect(response.status).toBe(200);
  const row = await waitFor('the tokens deleted', async () => {
    const r = await installationRow('T1');
    return r?.secrets === null ? r : undefined;
  });
  expect(row.uninstalled_at).not.toBeNull();
  const days = (row.purge_after!.getTime() - row.uninstalled_at!.getTime()) / 86_400_000;
  expect(days).toBe(30);

  // Due now in T1: skipped as uninstalled, with a coded line; nothing reaches Slack.
  await duePerson('T1', 'UNUDGE1', 'Oscar');
  await waitFor('a tick that skips the uninstalled workspace', () =>
    logLines(e2e.logger).find((l) => l.code === 'nudge_tick' && String(l.plan).includes('uninstalled')),
  { timeoutMs: 75_000 });
  await settled(e2e.bot);
  expect(e2e.slack.state.messages({ author: 'bot', team: 'T1' }).filter((m) => m.text.includes('Oscar'))).toEqual([]);
  expect(e2e.slack.calls('conversations.open').filter((c) => c.team === 'T1' || c.response?.error === 'token_revoked')).toEqual([]);

  // A DM from the uninstalled workspace is not answered (there is no token to answer with).
  const before = e2e.slack.state.messages({ author: 'bot', team: 'T1' }).length;
  await dm('T1', 'U1', 'hello again');
  await settled(e2e.bot);
  expect(e2e.slack.state.messages({ author: 'bot', team: 'T1' })).toHaveLength(before);
}, 100_000);

test('after the grace period the purge deletes every row of the uninstalled workspace and none of the other', async () => {
  const counts = async (teamId: string) => {
    const out: Record<string, number> = {};
    for (const table of ['users', 'sessions', 'messages', 'reports', 'ratings', 'slack_pace', 'installations']) {
      const { rows } = await e2e.database.pool.query<{ n: number }>(`select count(*)::int as n from ${table} where team_id = $1`, [teamId]);
      out[table] = rows[0]!.n;
    }
    return out;
  };
  const otherBefore = await counts('T2');
  expect((await counts('T1')).users).toBeGreaterThan(0);
  const deps = { db: e2e.bot.database.db, logger: e2e.logger };

  // Not yet: 29 days after the uninstall.
  expect(await purgeUninstalledWorkspaces(deps, new Date(Date.now() + 29 * 86_400_000))).toBe(0);
  expect((await counts('T1')).users).toBeGreaterThan(0);

  expect(await purgeUninstalledWorkspaces(deps, new Date(Date.now() + 31 * 86_400_000))).toBe(1);
  expect(await counts('T1')).toEqual({ users: 0, sessions: 0, messages: 0, reports: 0, ratings: 0, slack_pace: 0, installations: 0 });
  expect(await counts('T2')).toEqual(otherBefore);
  expect(otherBefore.installations).toBe(1);
  expect(otherBefore.messages).toBeGreaterThan(0);
});

test('tokens_revoked for the bot token forgets the workspace’s tokens; revoked user tokens alone change nothing', async () => {
  const event = (tokens: Record<string, string[]>) => sendEvent(e2e.sender('T2'), { type: 'tokens_revoked', tokens });
  expect((await event({ oauth: ['U3'] })).status).toBe(200);
  await settled(e2e.bot);
  expect((await installationRow('T2'))?.secrets).not.toBeNull();

  expect((await event({ oauth: [], bot: ['UBOT2'] })).status).toBe(200);
  const row = await waitFor('T2’s tokens deleted', async () => {
    const r = await installationRow('T2');
    return r?.secrets === null ? r : undefined;
  });
  expect(row.purge_after).not.toBeNull();
  expect(logLines(e2e.logger).find((l) => l.code === 'workspace_uninstalled' && l.team === 'T2')).toMatchObject({ reason: 'tokens_revoked', tokens_deleted: true });
});

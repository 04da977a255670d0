/**
 * The bot as the server starts it, scheduler on: startBot wires pg-boss, its
 * cron, the nudge engine with its own Slack client, and the coach behind the
 * nudge's thread. Only the scheduler's intervals are short. Nobody calls a
 * tick: the nudge arrives at the fake Slack because the cron fired, and the
 * person's answer in its thread is coached.
 */
import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { localTime } from '../../src/coach/time';
import { botMessagesIn, settled, startE2E, waitFor, type E2E } from '../support/e2e';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({
    nudges: { cronMonitorIntervalSeconds: 1, cronWorkerIntervalSeconds: 1, tickPollingIntervalSeconds: 0.5, nudgePollingIntervalSeconds: 0.5 },
  });
});
afterAll(async () => {
  await e2e?.stop();
});

/**
 * A fixed-offset zone where it is around noon now, so the person's nudge time
 * (a minute ago, local) is due whatever the real time, far from any midnight.
 */
function zoneAtNoon(now: Date): string {
  const offset = 12 - now.getUTCHours();
  // Etc/GMT zones are named with the sign inverted: UTC+3 is Etc/GMT-3.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

test('startBot with nudges on: the cron ticks, the nudge reaches Slack, and the answer in its thread is coached', async () => {
  const now = new Date();
  const tz = zoneAtNoon(now);
  e2e.slack.state.addUser({ teamId: 'T1', id: 'UNUDGE', firstName: 'Nadia', tz });
  const minute = Math.max(0, localTime(now, tz).minute - 1);
  await e2e.database.pool.query(
    `insert into users (team_id, user_id, first_name, tz, tz_checked_at, nudge_days, nudge_minute) values ('T1', 'UNUDGE', 'Nadia', $1, now(), '{1,2,3,4,5,6,7}', $2)`,
    [tz, minute],
  );

  const nudge = await waitFor('the morning nudge at the fake Slack', () => e2e.slack.state.messages({ author: 'bot' }).find((m) => m.text.includes('Nadia')), {
    timeoutMs: 20_000,
  });
  expect(nudge.text).toContain('Good morning, Nadia! 🌅');
  expect(e2e.slack.state.channel(nudge.channel)).toMatchObject({ kind: 'im', user: 'UNUDGE' });
  expect(e2e.logger.lines.some((l) => l.includes('"code":"nudge_tick"'))).toBe(true);
  // The session records the nudge as its thread once the post returns.
  const rows = await waitFor('the nudge session to record its thread', async () => {
    const { rows } = await e2e.database.pool.query("select origin, thread_ts from sessions where team_id = 'T1' and user_id = 'UNUDGE'");
    return rows[0]?.thread_ts ? rows : undefined;
  });
  expect(rows).toEqual([{ origin: 'nudge', thread_ts: nudge.ts }]);

  // Nadia answers in the nudge's thread: the coach replies there.
  const answer = e2e.slack.state.postMessage({ channel: nudge.channel, user: 'UNUDGE', text: 'I want to plan the hiring round', thread_ts: nudge.ts });
  await sendEvent(e2e.sender, directMessageEvent({ user: 'UNUDGE', channel: nudge.channel, ts: answer.ts, text: answer.text, threadTs: nudge.ts }));
  const reply = await waitFor('the coach’s reply in the nudge’s thread', () => botMessagesIn(e2e.slack, nudge.channel, nudge.ts).find((m) => m.ts !== nudge.ts));
  expect(reply.text).toContain('hiring round');
  await settled(e2e.bot);
  // One nudge, whatever further ticks came meanwhile.
  expect(e2e.slack.state.messages({ author: 'bot', topLevel: true })).toEqual([expect.objectContaining({ ts: nudge.ts })]);
}, 40_000);

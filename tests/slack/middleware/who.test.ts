import { whoOf } from '../../../src/slack/middleware/who';

describe('whoOf reads the team and the person from every payload Slack sends', () => {
  test.each([
    ['a DM event', { type: 'event_callback', team_id: 'T1', event: { type: 'message', user: 'U1', channel: 'D1' } }, { teamId: 'T1', userId: 'U1' }],
    ['app_home_opened', { team_id: 'T2', event: { type: 'app_home_opened', user: 'U2' } }, { teamId: 'T2', userId: 'U2' }],
    ['a slash command', { command: '/coach-report', team_id: 'T3', user_id: 'U3' }, { teamId: 'T3', userId: 'U3' }],
    ['a block action', { type: 'block_actions', team: { id: 'T4' }, user: { id: 'U4', team_id: 'T4' } }, { teamId: 'T4', userId: 'U4' }],
    ['an org-wide action (team null)', { type: 'block_actions', team: null, user: { id: 'U5', team_id: 'T5' } }, { teamId: 'T5', userId: 'U5' }],
  ])('%s', (_name, body, expected) => {
    expect(whoOf(body)).toEqual(expected);
  });

  test('falls back to the team Bolt authorised when the payload has none', () => {
    expect(whoOf({ event: { user: 'U1' } }, 'TCTX')).toEqual({ teamId: 'TCTX', userId: 'U1' });
  });

  test.each([
    ['null', null],
    ['an array', [1, 2]],
    ['a bot message (no user)', { team_id: 'T1', event: { type: 'message', bot_id: 'B1' } }],
    ['an action without a user', { type: 'block_actions', team: { id: 'T1' } }],
    ['wrong field types', { team_id: 7, user_id: { id: 'U1' } }],
    ['no team anywhere', { user_id: 'U1' }],
  ])('gives nothing for %s', (_name, body) => {
    expect(whoOf(body)).toBeUndefined();
  });
});

import {
  abandonSession,
  beginWrapUp,
  completeSession,
  newSessionState,
  recordCoachTurn,
  type SessionState,
  type Transition,
} from '../../src/coach/session';

/** Unwrap a transition that must succeed, failing the test with its error otherwise. */
function ok(transition: Transition): SessionState {
  if (!transition.ok) throw new Error(`expected the transition to succeed, got ${transition.error}`);
  return transition.state;
}

const NOTHING = { slots: {}, declined: [] } as const;

/** A session whose last question was for the crux: task, criteria and time box filled. */
function sessionAtCrux(): SessionState {
  return ok(recordCoachTurn(newSessionState(), { slots: { problem: 'p', stakes: 's', task: 't', successCriteria: 'c', timeBox: '1h' }, declined: [] }));
}

function wrapping(): SessionState {
  return ok(beginWrapUp(newSessionState()));
}
function completed(): SessionState {
  return ok(completeSession(wrapping()));
}
function abandoned(): SessionState {
  return ok(abandonSession(newSessionState()));
}

describe('a new session', () => {
  it('starts active in the first stage, with an empty agenda, at version 1', () => {
    const state = newSessionState();
    expect(state.stage).toBe('significance');
    expect(state.status).toBe('active');
    expect(state.version).toBe(1);
    expect(state.agenda).toEqual({ slots: {}, declined: [], coachTurns: 0, asked: null });
  });
});

describe('recordCoachTurn', () => {
  it('merges the slots, counts the turn and takes the stage of what the reply asked for', () => {
    const state = ok(recordCoachTurn(newSessionState(), { slots: { problem: 'Evals for search' }, declined: [] }));
    expect(state.agenda).toEqual({ slots: { problem: 'Evals for search' }, declined: [], coachTurns: 1, asked: 'stakes' });
    expect(state.stage).toBe('significance');
    const atCrux = sessionAtCrux();
    expect(atCrux.agenda.asked).toBe('crux');
    expect(atCrux.stage).toBe('crux');
  });

  it('reaches the wrap-up offer and then stays there; the person wraps up when ready', () => {
    let state = newSessionState();
    for (let i = 0; i < 20; i += 1) state = ok(recordCoachTurn(state, NOTHING));
    expect(state.agenda.asked).toBe('wrapUp');
    expect(state.stage).toBe('oneMoreThing');
    expect(state.agenda.coachTurns).toBe(20);
    expect(state.status).toBe('active');
  });

  it('does not mutate the state it is given', () => {
    const state = Object.freeze({ ...newSessionState(), agenda: Object.freeze({ ...newSessionState().agenda, slots: Object.freeze({}) }) });
    const next = ok(recordCoachTurn(state, { slots: { task: 'Write it' }, declined: ['stakes'] }));
    expect(state.stage).toBe('significance');
    expect(state.agenda.slots).toEqual({});
    expect(state.agenda.coachTurns).toBe(0);
    expect(next).not.toBe(state);
  });

  it.each([
    ['wrapping', wrapping],
    ['completed', completed],
    ['abandoned', abandoned],
  ] as const)('is refused on a %s session', (_status, make) => {
    const result = recordCoachTurn(make(), NOTHING);
    expect(result).toEqual({ ok: false, error: 'session_not_active' });
  });
});

describe('versions', () => {
  it('go up by exactly one on every change', () => {
    let state = newSessionState();
    const versions = [state.version];
    state = ok(recordCoachTurn(state, NOTHING));
    versions.push(state.version);
    state = ok(recordCoachTurn(state, { slots: { task: 't' }, declined: [] }));
    versions.push(state.version);
    state = ok(beginWrapUp(state));
    versions.push(state.version);
    state = ok(completeSession(state));
    versions.push(state.version);
    expect(versions).toEqual([1, 2, 3, 4, 5]);
  });

  it('do not change when a second wrap-up repeats the first (a double click, a retried delivery)', () => {
    const once = wrapping();
    const twice = ok(beginWrapUp(once));
    expect(twice).toEqual(once);
    expect(twice.version).toBe(2);
  });
});

describe('wrap-up, completion and abandonment', () => {
  it('wraps up an active session at any stage, keeping its stage', () => {
    const state = ok(beginWrapUp(sessionAtCrux()));
    expect(state.status).toBe('wrapping');
    expect(state.stage).toBe('crux');
  });

  it('completes a wrapping session', () => {
    expect(completed().status).toBe('completed');
  });

  it.each([
    ['active', () => newSessionState()],
    ['completed', completed],
    ['abandoned', abandoned],
  ] as const)('refuses to complete a %s session', (_status, make) => {
    expect(completeSession(make())).toEqual({ ok: false, error: 'session_not_wrapping' });
  });

  it.each([
    ['completed', completed],
    ['abandoned', abandoned],
  ] as const)('refuses to wrap up a %s session', (_status, make) => {
    expect(beginWrapUp(make())).toEqual({ ok: false, error: 'session_closed' });
  });

  it('abandons an active session', () => {
    const state = abandoned();
    expect(state.status).toBe('abandoned');
    expect(state.version).toBe(2);
  });

  it.each([
    ['wrapping', wrapping],
    ['completed', completed],
    ['abandoned', abandoned],
  ] as const)('refuses to abandon a %s session (a report is on its way or stored)', (_status, make) => {
    expect(abandonSession(make())).toEqual({ ok: false, error: 'session_not_active' });
  });
});

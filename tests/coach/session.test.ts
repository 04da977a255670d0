import {
  abandonSession,
  beginWrapUp,
  completeSession,
  newSessionState,
  recordCoachTurn,
  type SessionState,
  type Transition,
} from '../../src/coach/session';
import { STAGES, STAGE_INFO, type StageId } from '../../src/coach/stages';

/** Unwrap a transition that must succeed, failing the test with its error otherwise. */
function ok(transition: Transition): SessionState {
  if (!transition.ok) throw new Error(`expected the transition to succeed, got ${transition.error}`);
  return transition.state;
}

/** A session standing at `stage`, reached by covered turns (one per earlier stage). */
function sessionAt(stage: StageId): SessionState {
  let state = newSessionState();
  while (state.stage !== stage) state = ok(recordCoachTurn(state, true));
  return state;
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
  it('starts active in the first stage, with no turns spent, at version 1', () => {
    const state = newSessionState();
    expect(state.stage).toBe('significance');
    expect(state.status).toBe('active');
    expect(state.version).toBe(1);
    expect(Object.keys(state.stageTurns).sort()).toEqual([...STAGES].sort());
    expect(Object.values(state.stageTurns).every((n) => n === 0)).toBe(true);
  });
});

describe('recordCoachTurn', () => {
  it('visits every stage in order when each stage is covered at once', () => {
    let state = newSessionState();
    const visited: StageId[] = [state.stage];
    for (let i = 0; i < STAGES.length - 1; i += 1) {
      state = ok(recordCoachTurn(state, true));
      visited.push(state.stage);
    }
    expect(visited).toEqual([...STAGES]);
  });

  it('moves on immediately when the stage is covered, counting the turn against the stage it was in', () => {
    const state = ok(recordCoachTurn(newSessionState(), true));
    expect(state.stage).toBe('task');
    expect(state.stageTurns.significance).toBe(1);
    expect(state.stageTurns.task).toBe(0);
  });

  it.each(STAGES.slice(0, -1).map((stage) => [stage, STAGE_INFO[stage].maxTurns] as const))(
    'moves on from %s after its %i-turn budget even if never covered',
    (stage, maxTurns) => {
      let state = sessionAt(stage);
      for (let turn = 1; turn < maxTurns; turn += 1) {
        state = ok(recordCoachTurn(state, false));
        expect(state.stage).toBe(stage);
        expect(state.stageTurns[stage]).toBe(turn);
      }
      state = ok(recordCoachTurn(state, false));
      expect(state.stageTurns[stage]).toBe(maxTurns);
      expect(state.stage).toBe(STAGES[STAGES.indexOf(stage) + 1]);
    },
  );

  it('stays in the last stage whatever the model says; the person wraps up when ready', () => {
    let state = sessionAt('oneMoreThing');
    for (const covered of [true, false, true, false, true]) state = ok(recordCoachTurn(state, covered));
    expect(state.stage).toBe('oneMoreThing');
    expect(state.stageTurns.oneMoreThing).toBe(5);
    expect(state.status).toBe('active');
  });

  it('with bounds alone reaches the task after 3 coach turns and the crux after 8', () => {
    let state = newSessionState();
    const reachedAt: Partial<Record<StageId, number>> = {};
    for (let turn = 1; turn <= 30; turn += 1) {
      state = ok(recordCoachTurn(state, false));
      reachedAt[state.stage] ??= turn;
    }
    expect(reachedAt.task).toBe(3);
    expect(reachedAt.crux).toBe(8);
    // And the whole conversation fits in a morning: the last stage after 15 turns.
    expect(reachedAt.oneMoreThing).toBe(15);
  });

  it('does not mutate the state it is given', () => {
    const state = Object.freeze({ ...newSessionState(), stageTurns: Object.freeze({ ...newSessionState().stageTurns }) });
    const next = ok(recordCoachTurn(state, true));
    expect(state.stage).toBe('significance');
    expect(state.stageTurns.significance).toBe(0);
    expect(next).not.toBe(state);
  });

  it.each([
    ['wrapping', wrapping],
    ['completed', completed],
    ['abandoned', abandoned],
  ] as const)('is refused on a %s session', (_status, make) => {
    const result = recordCoachTurn(make(), true);
    expect(result).toEqual({ ok: false, error: 'session_not_active' });
  });
});

describe('versions', () => {
  it('go up by exactly one on every change', () => {
    let state = newSessionState();
    const versions = [state.version];
    state = ok(recordCoachTurn(state, false));
    versions.push(state.version);
    state = ok(recordCoachTurn(state, true));
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
    const state = ok(beginWrapUp(sessionAt('crux')));
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

import {
  AIM_BY_TURN,
  FOCUS_STAGE,
  REQUIRED_SLOTS,
  SLOT_NAMES,
  TURN_CAP,
  agendaFrom,
  focusIfFilled,
  mergeTurn,
  missingRequired,
  newAgenda,
  nextFocus,
  type Focus,
  type SlotName,
  type Slots,
} from '../../src/coach/agenda';
import { STAGES } from '../../src/coach/stages';

function filled(...names: SlotName[]): Slots {
  return Object.fromEntries(names.map((n) => [n, `the ${n}`]));
}

/** Every subset of the given slots. */
function subsets(names: readonly SlotName[]): SlotName[][] {
  return names.reduce<SlotName[][]>((all, name) => all.flatMap((s) => [s, [...s, name]]), [[]]);
}

describe('nextFocus: what the next coach turn is for', () => {
  it('opens on the problem, then its stakes, then the task with its criteria and time box', () => {
    expect(nextFocus({}, 0).focus).toBe('problem');
    expect(nextFocus(filled('problem'), 1).focus).toBe('stakes');
    expect(nextFocus(filled('problem', 'stakes'), 2).focus).toBe('task');
    expect(nextFocus(filled('problem', 'stakes', 'task'), 3).focus).toBe('successCriteria');
    expect(nextFocus(filled('problem', 'stakes', 'task', 'successCriteria'), 4).focus).toBe('timeBox');
  });

  it('looks at the crux before the ways around it, then the first step, then asks for a commitment, then offers the wrap-up', () => {
    const task = ['problem', 'stakes', 'task', 'successCriteria', 'timeBox'] as const;
    expect(nextFocus(filled(...task), 5).focus).toBe('crux');
    expect(nextFocus(filled(...task, 'crux'), 6).focus).toBe('approaches');
    expect(nextFocus(filled(...task, 'crux', 'approaches'), 7).focus).toBe('firstStep');
    expect(nextFocus(filled(...task, 'crux', 'approaches', 'firstStep'), 8).focus).toBe('commitment');
    expect(nextFocus(filled(...SLOT_NAMES), 9)).toEqual({ focus: 'wrapUp', turn: 10, late: false, atCap: false });
  });

  it('drops the light slots when their window has passed, so the task comes by the fourth turn and the crux by the eighth', () => {
    // A person who says little: nothing is ever filled.
    expect(nextFocus({}, 1).focus).toBe('problem');
    expect(nextFocus({}, 2).focus).toBe('task');
    expect(nextFocus(filled('problem'), 3).focus).toBe('task');
    const slow = filled('problem', 'stakes', 'task', 'successCriteria', 'timeBox', 'crux');
    expect(nextFocus(slow, 8).focus).toBe('approaches');
    expect(nextFocus(slow, 9).focus).toBe('firstStep');
  });

  it('never goes back to a light slot once something after it is filled', () => {
    expect(nextFocus(filled('task'), 0).focus).toBe('successCriteria');
    expect(nextFocus(filled('problem', 'task', 'successCriteria', 'timeBox', 'crux', 'firstStep'), 5).focus).toBe('commitment');
  });

  it.each(subsets(REQUIRED_SLOTS).map((s) => [s.join('+') || 'none', s] as const))(
    'with required slots filled = %s, asks for the first missing required slot (after the light windows), or closes',
    (_label, names) => {
      const slots = filled('problem', 'stakes', ...names);
      const focus = nextFocus(slots, 10).focus;
      const firstMissing = REQUIRED_SLOTS.find((s) => !names.includes(s));
      expect(focus).toBe(firstMissing ?? 'commitment');
      // Declining the missing ones instead of filling them closes the session just the same.
      const declined = REQUIRED_SLOTS.filter((s) => !names.includes(s));
      expect(nextFocus(slots, 10, declined).focus).toBe('commitment');
    },
  );

  it('for every combination of filled slots and every turn: never asks for what is filled, keeps the required ones, closes only when they are done', () => {
    for (const names of subsets(SLOT_NAMES)) {
      const slots = filled(...names);
      for (let turns = 0; turns <= TURN_CAP + 1; turns += 1) {
        const { focus, turn, atCap } = nextFocus(slots, turns);
        const label = { names: names.join('+'), turns, focus };
        expect(turn).toBe(turns + 1);
        if (turn >= TURN_CAP) {
          expect({ ...label, atCap }).toEqual({ ...label, focus: 'wrapUp', atCap: true });
          continue;
        }
        if (focus !== 'wrapUp') expect({ ...label, filled: names.includes(focus) }).toEqual({ ...label, filled: false });
        const missing = REQUIRED_SLOTS.filter((r) => !names.includes(r) && (names.includes('task') || (r !== 'successCriteria' && r !== 'timeBox')));
        // A required slot still missing is what the turn is for, unless a light slot's window comes first.
        if (missing.length > 0) expect({ ...label, required: [...REQUIRED_SLOTS, 'problem', 'stakes', 'approaches'].includes(focus) }).toEqual({ ...label, required: true });
        if (focus === 'commitment') expect({ ...label, missing }).toEqual({ ...label, missing: [] });
        if (focus === 'wrapUp') expect({ ...label, missing, commitment: names.includes('commitment') }).toEqual({ ...label, missing: [], commitment: true });
        if (focus === 'approaches') expect({ ...label, turn: turn <= 9 }).toEqual({ ...label, turn: true });
        if (focus === 'problem' || focus === 'stakes') expect({ ...label, turn: turn <= 3 }).toEqual({ ...label, turn: true });
      }
    }
  });

  it('keeps a required slot on the agenda however late, and says it is late past its aim', () => {
    for (const [slot, aim] of Object.entries(AIM_BY_TURN) as [SlotName, number][]) {
      const before = REQUIRED_SLOTS.slice(0, REQUIRED_SLOTS.indexOf(slot));
      const slots = filled('problem', 'stakes', ...before);
      expect(nextFocus(slots, aim - 1)).toMatchObject({ focus: slot, turn: aim, late: false });
      expect(nextFocus(slots, aim)).toMatchObject({ focus: slot, turn: aim + 1, late: true });
      expect(nextFocus(slots, TURN_CAP - 2)).toMatchObject({ focus: slot, late: true, atCap: false });
    }
  });

  it('declined slots are off the agenda', () => {
    expect(nextFocus(filled('problem', 'stakes', 'task'), 3, ['successCriteria', 'timeBox']).focus).toBe('crux');
    expect(nextFocus({}, 0, ['problem']).focus).toBe('task');
    expect(nextFocus(filled('problem', 'stakes', 'task', 'successCriteria', 'timeBox', 'crux', 'approaches', 'firstStep'), 8, ['commitment']).focus).toBe(
      'wrapUp',
    );
  });

  it(`suggests wrapping up from turn ${TURN_CAP} on, whatever is missing`, () => {
    expect(nextFocus({}, TURN_CAP - 2)).toMatchObject({ focus: 'task', turn: TURN_CAP - 1, atCap: false });
    expect(nextFocus({}, TURN_CAP - 1)).toEqual({ focus: 'wrapUp', turn: TURN_CAP, late: false, atCap: true });
    expect(nextFocus(filled(...SLOT_NAMES), TURN_CAP + 5)).toMatchObject({ focus: 'wrapUp', atCap: true });
  });

  it('treats blank slot values as missing', () => {
    expect(nextFocus({ problem: '  ' }, 0).focus).toBe('problem');
  });
});

describe('mergeTurn', () => {
  it('adds new slots, replaces refined ones, ignores blanks, counts the turn and records what the reply asked for', () => {
    let agenda = mergeTurn(newAgenda(), { slots: { problem: 'Evals', task: 'Label ten examples' }, declined: [] });
    expect(agenda).toEqual({ slots: { problem: 'Evals', task: 'Label ten examples' }, declined: [], coachTurns: 1, asked: 'successCriteria' });
    agenda = mergeTurn(agenda, { slots: { task: 'Label twenty examples', crux: ' ' }, declined: ['timeBox', 'nonsense' as SlotName] });
    expect(agenda.slots).toEqual({ problem: 'Evals', task: 'Label twenty examples' });
    expect(agenda.declined).toEqual(['timeBox']);
    expect(agenda.coachTurns).toBe(2);
  });

  it('un-declines a slot the person filled after all', () => {
    const agenda = mergeTurn({ ...newAgenda(), declined: ['timeBox'] }, { slots: { timeBox: 'Until noon' }, declined: [] });
    expect(agenda.declined).toEqual([]);
  });
});

describe('focusIfFilled', () => {
  it('says where the conversation goes when the latest answer fills the current focus', () => {
    const agenda = { ...newAgenda(), slots: filled('problem'), coachTurns: 1 };
    expect(focusIfFilled(agenda, 'stakes').focus).toBe('task');
    expect(focusIfFilled({ ...agenda, slots: filled(...SLOT_NAMES) }, 'wrapUp').focus).toBe('wrapUp');
  });
});

describe('the agenda and the report', () => {
  it('maps every focus onto one of the eight report sections, in order', () => {
    const order = (['problem', 'stakes', 'task', 'successCriteria', 'timeBox', 'crux', 'approaches', 'firstStep', 'commitment', 'wrapUp'] as Focus[]).map(
      (f) => FOCUS_STAGE[f],
    );
    for (const stage of order) expect(STAGES).toContain(stage);
  });

  it('lists what is still required', () => {
    expect(missingRequired({ slots: filled('task', 'crux'), declined: ['timeBox'] })).toEqual(['successCriteria', 'firstStep']);
  });
});

describe('agendaFrom', () => {
  it('reads a stored agenda back, dropping what is not one', () => {
    expect(agendaFrom(null)).toEqual(newAgenda());
    expect(agendaFrom({ slots: { task: 'T', bogus: 'x', crux: 3 }, declined: ['crux', 'x'], coachTurns: 2.5, asked: 'nope' })).toEqual({
      slots: { task: 'T' },
      declined: ['crux'],
      coachTurns: 0,
      asked: null,
    });
    expect(agendaFrom({ slots: {}, declined: [], coachTurns: 3, asked: 'wrapUp' }).asked).toBe('wrapUp');
  });
});

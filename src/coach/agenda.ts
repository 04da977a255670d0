/**
 * The agenda of a coaching conversation: what the coach has heard so far
 * (the slots), and what the next turn is for. Pure: the app merges each
 * turn's slots into the session and asks `nextFocus` what is still missing,
 * so the conversation converges on today's task, the crux and a first step
 * instead of walking a fixed checklist by turn count.
 */
import type { StageId } from './stages';

/** What a session can establish, in the order the conversation takes them. */
export const SLOT_NAMES = [
  'problem',
  'stakes',
  'task',
  'successCriteria',
  'timeBox',
  'crux',
  'approaches',
  'firstStep',
  'commitment',
] as const;

export type SlotName = (typeof SLOT_NAMES)[number];

/** What the session has established so far, each in the person's own words (one short sentence). */
export type Slots = Partial<Record<SlotName, string>>;

/**
 * Stay on the agenda until filled or declined. (The commitment is how the
 * session closes; approaches, problem and stakes are light: asked while
 * there is time, otherwise inferred in the report, as beliefs and the fact
 * check always are.)
 */
export const REQUIRED_SLOTS: readonly SlotName[] = ['task', 'successCriteria', 'timeBox', 'crux', 'firstStep'];

/**
 * The last coach turn (1-based) on which a light slot is still asked: after
 * it the conversation moves on without it, so the task comes by about the
 * fourth turn and the crux by about the eighth.
 */
export const LIGHT_SLOT_LAST_TURN: Partial<Record<SlotName, number>> = { problem: 2, stakes: 3, approaches: 9 };

/** The turn by which a required slot should be filled; after it the coach narrows harder. */
export const AIM_BY_TURN: Partial<Record<SlotName, number>> = { task: 4, successCriteria: 5, timeBox: 5, crux: 8, firstStep: 10 };

/** From this coach turn on, the coach suggests wrapping up. */
export const TURN_CAP = 14;

/** What a coach turn is for: filling one slot, or offering the wrap-up. */
export type Focus = SlotName | 'wrapUp';

/** The agenda as stored with the session. */
export interface AgendaState {
  slots: Slots;
  /** Slots the person declined to fill ("no time box today"): off the agenda. */
  declined: SlotName[];
  /** Coach replies composed so far (the nudge's opening message is not one). */
  coachTurns: number;
  /** What the last coach question asked for; null before the first. */
  asked: Focus | null;
}

export function newAgenda(): AgendaState {
  return { slots: {}, declined: [], coachTurns: 0, asked: null };
}

export interface NextFocus {
  focus: Focus;
  /** The 1-based number of the coach turn this is for. */
  turn: number;
  /** A required slot past its aim: the coach should narrow toward it more directly. */
  late: boolean;
  /** The hard cap is reached: suggest wrapping up whatever is still open. */
  atCap: boolean;
}

export function isSlotName(value: unknown): value is SlotName {
  return typeof value === 'string' && (SLOT_NAMES as readonly string[]).includes(value);
}

export function isFilled(slots: Slots, slot: SlotName): boolean {
  const value = slots[slot];
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * What the next coach turn is for, from the slots filled, the coach turns
 * already taken and what the person declined. The first open slot in
 * SLOT_NAMES order wins, where a light slot is open only while its window
 * lasts (and only while nothing after it is filled: the conversation never
 * goes back to stakes once the task is named, and stakes wait for a
 * problem); a required slot stays open (success criteria and time box
 * only while there is a task)
 * until filled or declined; the commitment closes the session; then the
 * wrap-up is offered. From TURN_CAP on, the wrap-up is suggested whatever
 * is missing.
 */
export function nextFocus(slots: Slots, coachTurns: number, declined: readonly SlotName[] = []): NextFocus {
  const turn = Math.max(0, Math.floor(coachTurns)) + 1;
  if (turn >= TURN_CAP) return { focus: 'wrapUp', turn, late: false, atCap: true };
  const done = (slot: SlotName) => isFilled(slots, slot) || declined.includes(slot);
  const laterFilled = (slot: SlotName) => SLOT_NAMES.slice(SLOT_NAMES.indexOf(slot) + 1).some((s) => isFilled(slots, s));
  for (const slot of SLOT_NAMES) {
    if (done(slot)) continue;
    const lastTurn = LIGHT_SLOT_LAST_TURN[slot];
    if (lastTurn !== undefined && (turn > lastTurn || laterFilled(slot))) continue;
    // Why it matters needs an it: with no problem named, the task question comes first.
    if (slot === 'stakes' && !isFilled(slots, 'problem')) continue;
    // Criteria and a time box belong to a task: with the task declined, they go with it.
    if ((slot === 'successCriteria' || slot === 'timeBox') && !isFilled(slots, 'task')) continue;
    const aim = AIM_BY_TURN[slot];
    return { focus: slot, turn, late: aim !== undefined && turn > aim, atCap: false };
  }
  return { focus: 'wrapUp', turn, late: false, atCap: false };
}

/** The agenda's next focus, read from its stored state. */
export function focusOf(agenda: AgendaState): NextFocus {
  return nextFocus(agenda.slots, agenda.coachTurns, agenda.declined);
}

/** What one coach turn adds to the agenda: the slots it filled and what the person declined. */
export interface AgendaUpdate {
  slots: Slots;
  declined: readonly SlotName[];
}

/**
 * The agenda after one coach turn: new slot values replace old ones (the
 * person refined the task), blank ones change nothing, a declined slot that
 * is filled is no longer declined, and the turn is counted. `asked` is what
 * the reply asked for: the focus of the agenda as it now stands, at the
 * turn just taken.
 */
export function mergeTurn(agenda: AgendaState, update: AgendaUpdate): AgendaState {
  const slots: Slots = { ...agenda.slots };
  for (const slot of SLOT_NAMES) {
    const value = update.slots[slot];
    if (typeof value === 'string' && value.trim()) slots[slot] = value.trim();
  }
  const declined = [...new Set([...agenda.declined, ...update.declined.filter(isSlotName)])].filter((s) => !isFilled(slots, s));
  const asked = nextFocus(slots, agenda.coachTurns, declined).focus;
  return { slots, declined, coachTurns: agenda.coachTurns + 1, asked };
}

/** The focus the next turn takes if the person's latest answer fills the current one. */
export function focusIfFilled(agenda: AgendaState, current: Focus): NextFocus {
  if (current === 'wrapUp') return focusOf(agenda);
  return nextFocus({ ...agenda.slots, [current]: '(filled)' }, agenda.coachTurns, agenda.declined);
}

/** The report section (and message stage) a focus belongs to. */
export const FOCUS_STAGE: Record<Focus, StageId> = {
  problem: 'significance',
  stakes: 'significance',
  task: 'task',
  successCriteria: 'task',
  timeBox: 'task',
  crux: 'crux',
  approaches: 'archetypes',
  firstStep: 'cruxSolutions',
  commitment: 'cruxSolutions',
  wrapUp: 'oneMoreThing',
};

/** What each focus is after, in a phrase (used in prompts). */
export const FOCUS_GOAL: Record<Focus, string> = {
  problem: 'the problem that matters most to them today',
  stakes: 'why it matters, to whom, and what changes if it is solved',
  task: 'one concrete task they can finish today',
  successCriteria: 'how they will know the task is done',
  timeBox: 'how long they will give the task today',
  crux: 'the crux: the one constraint that, once handled, makes the rest easier',
  approaches: 'at least two distinct ways to get around the crux',
  firstStep: 'the first step they will take',
  commitment: 'their commitment: what they will do first, and when ("What will you do first, and when?")',
  wrapUp: 'offer the wrap-up: they can type "wrap up" (or press Wrap up) for their report',
};

/** The slots still missing that the agenda requires (for the report and the prompts). */
export function missingRequired(agenda: Pick<AgendaState, 'slots' | 'declined'>): SlotName[] {
  return REQUIRED_SLOTS.filter((s) => !isFilled(agenda.slots, s) && !agenda.declined.includes(s));
}

/**
 * A stored agenda read back defensively: unknown keys and non-string values
 * are dropped, so a bad row cannot break a turn.
 */
export function agendaFrom(value: unknown): AgendaState {
  const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const rawSlots = (raw.slots && typeof raw.slots === 'object' ? raw.slots : {}) as Record<string, unknown>;
  const slots: Slots = {};
  for (const slot of SLOT_NAMES) {
    const v = rawSlots[slot];
    if (typeof v === 'string' && v.trim()) slots[slot] = v;
  }
  const declined = Array.isArray(raw.declined) ? raw.declined.filter(isSlotName) : [];
  const coachTurns = typeof raw.coachTurns === 'number' && Number.isInteger(raw.coachTurns) && raw.coachTurns >= 0 ? raw.coachTurns : 0;
  const asked = isSlotName(raw.asked) || raw.asked === 'wrapUp' ? raw.asked : null;
  return { slots, declined, coachTurns, asked };
}

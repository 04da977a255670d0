import type { Slots } from '../../src/coach/agenda';
import type { CoachModel, CoachTurn, CoachTurnRequest, ReportRequest } from '../../src/coach/ports';
import { CoachModelError } from '../../src/coach/ports';
import type { ReportDraft } from '../../src/coach/report';

/**
 * A hand-written CoachModel for service tests: it answers with a question
 * that quotes every person message since its last reply, after an optional
 * hold (see `hold`), and records what it was asked.
 */
export class ScriptedModel implements CoachModel {
  readonly name = 'scripted';
  readonly turnRequests: CoachTurnRequest[] = [];
  readonly reportRequests: ReportRequest[] = [];
  /**
   * While set, each call waits for it after recording its request: the test
   * sees the request arrive (turnRequests) and decides when the answer comes.
   */
  hold: Promise<void> | undefined;
  /** Calls to fail with model_unavailable before answering again. */
  failures = 0;
  /** The slots every turn says it filled (merged into the session's agenda by the service). */
  slots: Slots = {};

  async nextTurn(request: CoachTurnRequest): Promise<CoachTurn> {
    this.turnRequests.push(structuredClone(request));
    if (this.hold) await this.hold;
    if (this.failures > 0) {
      this.failures--;
      throw new CoachModelError('model_unavailable', 'overloaded', 529);
    }
    const unanswered: string[] = [];
    for (const turn of request.transcript) {
      if (turn.role === 'coach') unanswered.length = 0;
      else unanswered.push(turn.text);
    }
    return { heard: unanswered[unanswered.length - 1] ?? '', slots: this.slots, declined: [], reply: `You said “${unanswered.join(' / ')}”: what matters most?` };
  }

  async writeReport(request: ReportRequest): Promise<ReportDraft> {
    this.reportRequests.push(structuredClone(request));
    return sampleDraft(`Session of ${request.firstName}`);
  }
}

export function sampleDraft(title = 'A focused morning'): ReportDraft {
  const section = { established: 'Something was established.', missing: ['One more prompt?'] };
  return {
    title,
    significance: section,
    task: { ...section, task: 'Write the eval for the search feature by noon' },
    archetypes: section,
    crux: { ...section, crux: 'No labelled examples yet' },
    cruxSolutions: {
      tactics: [{ name: 'Label ten', description: 'Label ten examples by hand.', firstStep: 'Open the log', whyItWorks: 'Real data', obstacles: 'Time' }],
    },
    beliefs: { limiting: ['I must know everything'], empowering: ['I learn fast'], emerging: [], experiment: 'What if I believed ten examples are enough?' },
    factCheck: { facts: [{ claim: 'Evals matter', status: 'known' }] },
    oneMoreThing: { observation: 'Just one more thing…' },
    evaluation: { worked: ['Reflection'], improve: ['Pace'], score: 7, rationale: 'Task and crux found.' },
  };
}

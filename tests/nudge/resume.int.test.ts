import { CoachService, type CoachOutcome } from '../../src/coach/service';
import { testCoachees } from '../support/people';
import { createCoachStore } from '../../src/db/stores';
import { createNudgeStore } from '../../src/db/stores';
import { createPace } from '../../src/nudge/pace';
import { createNudgeEngine, runNudgePass } from '../../src/nudge/pass';
import { webMessenger } from '../../src/slack/nudge-client';
import { ScriptedModel } from '../support/fake-model';
import { startHarness, type Harness } from '../support/nudge-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

test('a DM that arrives while the nudge is being posted is answered once the nudge has its thread', async () => {
  const at = new Date('2026-11-25T08:00:00Z'); // 09:00 in Berlin, a Wednesday
  await h.seed([{ id: 'UR1', firstName: 'Rita', tz: 'Europe/Berlin' }], at);
  const model = new ScriptedModel();
  const service = new CoachService({
    store: createCoachStore(h.database.db),
    model,
    logger: h.logger,
    now: () => at,
    people: testCoachees(h.database.db, h.logger, () => at),
    writeReport: async (request) => ({ draft: await model.writeReport(request), writtenBy: model.name }),
  });

  const resumed: CoachOutcome[] = [];
  let releasePost!: () => void;
  const postGate = new Promise<void>((resolve) => (releasePost = resolve));
  let postStarted!: () => void;
  const posting = new Promise<void>((resolve) => (postStarted = resolve));
  const slack = webMessenger(h.client);
  const engine = createNudgeEngine({
    store: createNudgeStore(h.database.db),
    // Slack is slow to take the nudge: the person writes in the meantime.
    slack: { ...slack, postNudge: async (channel, nudge) => (postStarted(), await postGate, slack.postNudge(channel, nudge)) },
    logger: h.logger,
    pace: createPace({ concurrency: 1, perSecond: Infinity }),
    onThreadReady: async (teamId, sessionId) => {
      resumed.push(...(await service.resume(teamId, sessionId)));
    },
  });

  const pass = runNudgePass(engine, at);
  await posting;
  const { channel } = h.slack.state.openIm(h.teamId, 'UR1');
  const early = await service.handleMessage({ teamId: h.teamId, userId: 'UR1', channelId: channel.id, ts: '1764057600.000100', text: 'morning! I need to finish the hiring plan' });
  // Stored in today's nudge session, but with no thread yet there is nowhere to answer.
  expect(early).toMatchObject({ kind: 'handled', outcomes: [] });

  releasePost();
  await pass;
  const replies = resumed.filter((o) => o.kind === 'reply');
  expect(replies).toHaveLength(1);
  const nudge = h.slack.state.messages({ channel: channel.id, author: 'bot' })[0]!;
  expect(replies[0]).toMatchObject({ threadTs: nudge.ts });
  expect(model.turnRequests.at(-1)!.transcript.map((t) => t.text)).toContain('morning! I need to finish the hiring plan');
  await h.expectTwinUntouched();
});

/** The answers' lane (src/slack/lane.ts): at most `size` at once, the rest in order of arrival. */
import { createLane } from '../../src/slack/lane';
import { gate, waitFor } from '../support/wait';

test('runs at most `size` tasks at once; the next starts as one ends, first come first served', async () => {
  const lane = createLane(2);
  const gates = [gate(), gate(), gate(), gate()];
  const started: number[] = [];
  const done = gates.map((g, i) =>
    lane.run(async () => {
      started.push(i);
      await g.promise;
      return i;
    }),
  );
  await waitFor('two running', () => started.length === 2);
  expect(started).toEqual([0, 1]);
  expect(lane.size).toEqual({ running: 2, waiting: 2 });

  gates[1]!.open();
  await waitFor('the third started', () => started.length === 3);
  expect(started).toEqual([0, 1, 2]);
  gates[0]!.open();
  gates[2]!.open();
  gates[3]!.open();
  await expect(Promise.all(done)).resolves.toEqual([0, 1, 2, 3]);
  expect(lane.size).toEqual({ running: 0, waiting: 0 });
});

test('a task that throws gives its place to the next, and its caller gets the error', async () => {
  const lane = createLane(1);
  const failed = lane.run(() => Promise.reject(new Error('boom')));
  const next = lane.run(() => Promise.resolve('ran'));
  await expect(failed).rejects.toThrow('boom');
  await expect(next).resolves.toBe('ran');
  expect(lane.size).toEqual({ running: 0, waiting: 0 });
});

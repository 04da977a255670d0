import { keyPhrase } from '../../src/coach/phrases';

// The offline coach's reflection of the person's words (src/model/offline.ts).
describe('keyPhrase', () => {
  it.each([
    ['I want to really learn evals and use of langsmith today!', 'learn evals and use of langsmith'],
    ["Honestly the crux is that I don't know what a good grader looks like for refund answers", "I don't know what a good grader looks like"],
    ['I can help my new team in my new company really move the needle on this topic, and succeed', 'help my new team'],
    ["I'm going to rewrite the onboarding email", 'rewrite the onboarding email'],
    ['Because the team keeps shipping prompt changes blind, and last week a regression reached customers', 'the team keeps shipping prompt changes blind'],
  ])('reflects %j as %j', (message, phrase) => {
    expect(keyPhrase(message)).toBe(phrase);
  });

  it.each(['good morning', 'hi!', '🙏🔥', '', '   ', 'idk', 'ok thanks'])('finds nothing to reflect in %j', (message) => {
    expect(keyPhrase(message)).toBeNull();
  });

  it('stays short and verbatim on a 50,000-character message', () => {
    const paste = `We must migrate the billing database without downtime. ${'More context follows here. '.repeat(2_000)}`;
    const phrase = keyPhrase(paste);
    expect(phrase).not.toBeNull();
    expect((phrase ?? '').length).toBeLessThanOrEqual(70);
    expect(paste).toContain(phrase ?? '∅');
  });
});

import { isWrapUp } from '../../src/coach/wrap-up';

/** Messages that end the session: nothing but the request, however it is typed. */
const WRAP_UPS = [
  'wrap up',
  'Wrap up!',
  'WRAP UP',
  'wrap it up',
  "let's wrap up",
  'Let’s wrap up.',
  'lets wrap up',
  'wrapup',
  'WrapUp',
  'wrap-up',
  'wrap - up',
  'wrap‑up', // non-breaking hyphen, as some keyboards type it
  'please wrap up',
  'wrap up please',
  'ok let’s wrap up 🙏',
  "ok let's wrap up 🙏",
  'wrap up for today',
  'wrap up now',
  'Wrap up?',
  'wrap up :)',
  'wrap up.',
  '  wrap up  ',
  'wrap\nup',
  'let’s wrap this up',
  'time to wrap up',
  'can we wrap up?',
  'thanks, wrap up',
  'wrap up, thanks coach!',
  'okay, wrap it up please',
  'wrap things up',
];

/** Messages that mention wrapping up, or look like it, but are coaching material. */
const NOT_WRAP_UPS = [
  'I need to wrap up the Q3 report',
  'how do I wrap up a project?',
  'wrapping up',
  'wrapped up',
  'wrap',
  'up',
  '',
  '   ',
  '🙏',
  "don't wrap up yet",
  'don’t wrap up yet',
  "let's not wrap up",
  'not yet, wrap up later',
  'we should wrap up the launch by Friday',
  'wrap up the meeting notes',
  'wrap up the q3 report',
  "let's wrap up the deck by noon",
  'wrap upload',
  'I want to wrap up my thesis this week',
  'Today I want to wrap up the migration',
  'ok',
  'good morning',
  'unwrap up',
  'wrapper up',
];

describe('isWrapUp', () => {
  it.each(WRAP_UPS)('ends the session on %j', (message) => {
    expect(isWrapUp(message)).toBe(true);
  });

  it.each(NOT_WRAP_UPS)('keeps coaching on %j', (message) => {
    expect(isWrapUp(message)).toBe(false);
  });

  it('is false on a 50,000-character message that merely starts like a request', () => {
    expect(isWrapUp(`wrap up ${'the quarterly numbers and '.repeat(2_000)}`)).toBe(false);
  });
});

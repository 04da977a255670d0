import { AppError, isAppError } from '../src/errors';
import { errorFields, memoryLogger } from '../src/log';

describe('AppError', () => {
  test('carries a stable code, a message for people and safe fields', () => {
    const error = new AppError('session_vanished', "Today's session was neither inserted nor found", { team: 'T1' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AppError');
    expect(error.code).toBe('session_vanished');
    expect(error.fields).toEqual({ team: 'T1' });
    expect(isAppError(error)).toBe(true);
    expect(isAppError(error, 'session_vanished')).toBe(true);
    expect(isAppError(error, 'stored_stage_unknown')).toBe(false);
    expect(isAppError(new Error('session_vanished'))).toBe(false);
    // The message defaults to the code.
    expect(new AppError('no_free_port').message).toBe('no_free_port');
  });

  test('is logged by its code, never its message', () => {
    const logger = memoryLogger();
    const error = new AppError('stored_stage_unknown', 'A stored session has a stage this version does not know: a person wrote this');
    logger.error('coach_turn_failed', { session: 's1', ...errorFields(error) });
    const line = JSON.parse(logger.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', code: 'coach_turn_failed', session: 's1', error: 'AppError', error_code: 'stored_stage_unknown' });
    expect(logger.lines[0]).not.toContain('a person wrote this');
  });
});

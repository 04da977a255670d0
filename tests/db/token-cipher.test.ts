import { randomBytes } from 'node:crypto';
import { createTokenCipher, keyId } from '../../src/db/token-cipher';
import { isAppError } from '../../src/errors';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const token = 'xoxb-123-456-secretpart';

describe('the token cipher (AES-256-GCM)', () => {
  test('seals to a versioned, key-labelled value without the token, and opens it again', () => {
    const cipher = createTokenCipher({ current: keyA });
    const sealed = cipher.seal(token);
    expect(sealed.split('.')).toHaveLength(5);
    expect(sealed.startsWith(`v1.${keyId(keyA)}.`)).toBe(true);
    expect(sealed).not.toContain('secretpart');
    expect(Buffer.from(sealed.split('.')[4]!, 'base64url').toString('utf8')).not.toContain('secretpart');
    expect(cipher.open(sealed)).toBe(token);
  });

  test('a fresh IV every time: the same token never seals the same way twice', () => {
    const cipher = createTokenCipher({ current: keyA });
    expect(cipher.seal(token)).not.toBe(cipher.seal(token));
  });

  test('rotation: what the previous key sealed still opens, and new seals use the current key', () => {
    const old = createTokenCipher({ current: keyA });
    const sealedWithA = old.seal(token);
    const rotated = createTokenCipher({ current: keyB, previous: keyA });
    expect(rotated.open(sealedWithA)).toBe(token);
    expect(rotated.seal(token).split('.')[1]).toBe(keyId(keyB));
    expect(rotated.currentKeyId).toBe(keyId(keyB));
    // Once the previous key is gone, an unrewritten row is refused by its code, naming only the key id.
    let error: unknown;
    try {
      createTokenCipher({ current: keyB }).open(sealedWithA);
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'token_key_unknown')).toBe(true);
    expect(JSON.stringify(error)).not.toContain(keyA.toString('base64'));
  });

  test('a changed byte, a swapped key id or a foreign format is refused, never decrypted to garbage', () => {
    const cipher = createTokenCipher({ current: keyA, previous: keyB });
    const parts = cipher.seal(token).split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    const tampered = [...parts.slice(0, 4), body.toString('base64url')].join('.');
    expect(() => cipher.open(tampered)).toThrow(expect.objectContaining({ code: 'token_unreadable' }));
    const relabelled = [parts[0], keyId(keyB), ...parts.slice(2)].join('.');
    expect(() => cipher.open(relabelled)).toThrow(expect.objectContaining({ code: 'token_unreadable' }));
    expect(() => cipher.open(token)).toThrow(expect.objectContaining({ code: 'token_unreadable' }));
  });

  test('a key that is not 32 bytes is refused', () => {
    expect(() => createTokenCipher({ current: randomBytes(16) })).toThrow(expect.objectContaining({ code: 'token_key_invalid' }));
  });
});

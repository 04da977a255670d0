import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../errors';

/**
 * Slack tokens at rest: AES-256-GCM with a random 12-byte IV and the 16-byte
 * auth tag, so a changed byte is refused rather than decrypted to garbage.
 * A sealed value reads `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url); the
 * key id (the first bytes of the key's SHA-256, not the key) says which key
 * sealed it, so after a rotation old rows open with the previous key and
 * every write uses the current one.
 */
export interface TokenCipher {
  seal(plain: string): string;
  open(sealed: string): string;
  /** The id of the key every write uses (a rotation rewrites what another key sealed). */
  currentKeyId: string;
}

const VERSION = 'v1';

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

export function createTokenCipher(keys: { current: Buffer; previous?: Buffer }): TokenCipher {
  for (const key of [keys.current, keys.previous]) {
    if (key && key.length !== 32) throw new AppError('token_key_invalid', 'A token encryption key must be 32 bytes');
  }
  const currentId = keyId(keys.current);
  const byId = new Map<string, Buffer>([[currentId, keys.current]]);
  if (keys.previous) byId.set(keyId(keys.previous), keys.previous);

  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.current, iv);
      // The key id and version are authenticated too: they cannot be swapped on a row.
      cipher.setAAD(Buffer.from(`${VERSION}.${currentId}`));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, id, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !id || iv === undefined || tag === undefined || body === undefined) {
        throw new AppError('token_unreadable', 'A stored token is not in the sealed format');
      }
      const key = byId.get(id);
      if (!key) throw new AppError('token_key_unknown', 'A stored token was sealed with a key that is neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_PREVIOUS', { key_id: id });
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(`${version}.${id}`));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new AppError('token_unreadable', 'A stored token failed its authentication check', { key_id: id });
      }
    },
    currentKeyId: currentId,
  };
}

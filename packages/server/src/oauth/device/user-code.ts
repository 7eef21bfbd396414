// User codes (RFC 8628 §6.1): 8 characters from 20 consonants (no vowels, so no words; no look-alike digits),
// about 34.6 bits, shown as XXXX-XXXX and read back in any case, with or without the dash or spaces.
import { randomInt } from 'node:crypto';
import { hashOpaqueSecret } from '../../crypto/opaque-secret.js';

export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/** A fresh user code, normalised (no dash): what is stored (hashed) and compared. */
export function generateUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/** `BCDFGHJK` as people read it: `BCDF-GHJK`. */
export function formatUserCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, as the stored form: upper case, dashes and white space dropped (RFC 8628 §6.1); undefined when
 * what is left cannot be a user code (another length, or a character outside the alphabet).
 */
export function normaliseUserCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== USER_CODE_LENGTH) return undefined;
  for (const character of code) if (!USER_CODE_ALPHABET.includes(character)) return undefined;
  return code;
}

/**
 * The stored form of a user code. A plain SHA-256, like the other one-time secrets: it keeps live codes out of the
 * database and its backups at a glance, and makes the lookup an indexed equality. It does not stop an offline search
 * of the 20^8 codes by someone holding the table; what protects a code is its 10-minute life, single use, and the
 * rate limits on entering one.
 */
export function hashUserCode(normalised: string): string {
  return hashOpaqueSecret(`user-code:${normalised}`);
}

// Recovery codes: the way in when the authenticator app is lost. Ten at a time, each 80 random bits (16 characters
// of Crockford's base32, shown in groups of four), so a fast hash is enough to store them (a slow one is for
// guessable secrets such as passwords); each works once.
import { randomInt } from 'node:crypto';
import { hashOpaqueSecret } from '../../crypto/opaque-secret.js';

export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32: 32 symbols (5 bits each) without i, l, o and u, which are misread or typed for others. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 4;
const GROUP_LENGTH = 4;
const CODE_LENGTH = GROUPS * GROUP_LENGTH;

/** A fresh set of codes as the person is shown them, e.g. `k7qm-x2ve-9hdt-a4rw`. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const letters = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return (letters.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g')) as string[]).join('-');
  });
}

/**
 * What a typed code counts as: case, spaces and dashes do not matter, and o, i and l read as 0, 1 and 1 (Crockford).
 * Undefined when it cannot be a recovery code, so that is never even looked up.
 */
export function normalizeRecoveryCode(typed: string): string | undefined {
  if (typed.length > 64) return undefined;
  const letters = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return letters.length === CODE_LENGTH && [...letters].every((c) => ALPHABET.includes(c))
    ? letters
    : undefined;
}

/** The stored form of a code (normalized first): its SHA-256, never the code. */
export function hashRecoveryCode(normalized: string): string {
  return hashOpaqueSecret(normalized);
}

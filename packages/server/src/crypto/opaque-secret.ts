// Every random secret Tessera makes: opaque secrets (client secrets, authorization codes, refresh tokens, emailed-link
// tokens, session cookies, CSRF tokens), random ids and the master key; their shape check, hashing and comparison.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: too much entropy to guess, so a fast hash is safe to store (unlike a password). */
export function generateOpaqueSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * 128 random bits, base64url (22 characters): ids that must not collide or be predictable, but grant nothing. Never
 * starting with '-' (drawn again, 1 time in 64): client ids are typed as command-line arguments, where a leading '-'
 * reads as an option.
 */
export function generateRandomId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** 256 random bits as raw bytes, for a symmetric key (the master key). */
export function generateSecretKey(): Buffer {
  return randomBytes(32);
}

const OPAQUE_SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Whether `value` looks like what generateOpaqueSecret() makes: 256 bits in unpadded base64url (43 characters). */
export function hasOpaqueSecretShape(value: string): boolean {
  return OPAQUE_SECRET_SHAPE.test(value);
}

export function hashOpaqueSecret(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('base64url')}`;
}

export function opaqueSecretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashOpaqueSecret(secret));
  const expected = Buffer.from(storedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

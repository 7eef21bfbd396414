// High-entropy opaque secrets (client secrets, later codes and refresh tokens): generation, hashing, constant-time check.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: too much entropy to guess, so a fast hash is safe to store (unlike a password). */
export function generateOpaqueSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashOpaqueSecret(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('base64url')}`;
}

export function opaqueSecretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashOpaqueSecret(secret));
  const expected = Buffer.from(storedHash);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

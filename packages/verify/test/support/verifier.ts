// A verifier over a local key set at the frozen test clock, and helpers to assert rejections by code.

import { expect } from 'vitest';
import type { Algorithm } from '../../src/algorithms.js';
import { createVerifier, type Verifier } from '../../src/create-verifier.js';
import { VerifyError, type VerifyErrorCode } from '../../src/errors.js';
import type { VerifierOptions } from '../../src/verifier-options.js';
import { AUDIENCE, ISSUER, jwksOf, NOW_MS, type TestKey, testKey } from './test-keys.js';

export const ALL_ALGORITHMS: Algorithm[] = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** A verifier trusting `keys` (by default one key per supported algorithm), clock frozen at NOW. */
export function localVerifier(keys?: TestKey[], options: Partial<VerifierOptions> = {}): Verifier {
  return createVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    jwks: jwksOf(...(keys ?? ALL_ALGORITHMS.map((alg) => testKey(alg)))),
    now: () => NOW_MS,
    ...options,
  });
}

/** Asserts that verifying `token` rejects with `code`; returns the error for further checks. */
export async function expectRejected(
  verifier: Verifier,
  token: string,
  code: VerifyErrorCode,
): Promise<VerifyError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the token was accepted').toBeInstanceOf(VerifyError);
  expect((error as VerifyError).code).toBe(code);
  return error as VerifyError;
}

/** The code of the VerifyError `promise` rejects with; fails the test if it resolves. */
export async function codeOf(promise: Promise<unknown>): Promise<VerifyErrorCode> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the token was accepted').toBeInstanceOf(VerifyError);
  return (error as VerifyError).code;
}

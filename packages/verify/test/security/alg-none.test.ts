// SECURITY.md §1: `alg` = none / None / NONE / nOnE, with empty and with a copied signature.
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/create-verifier.js';
import { VerifyError } from '../../src/errors.js';
import { AUDIENCE, claims, ISSUER, jwksOf, mint, segment, testKey } from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

describe('unsecured JWS (alg none)', () => {
  const key = testKey('RS256');
  const copiedSignature = mint(key).split('.')[2];

  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    it(`rejects alg "${alg}" with an empty signature`, async () => {
      const token = `${segment({ alg, typ: 'at+jwt', kid: key.kid })}.${segment(claims())}.`;
      await expectRejected(localVerifier(), token, 'ERR_JOSE_ALG_NOT_ALLOWED');
    });

    it(`rejects alg "${alg}" carrying a signature copied from a valid token`, async () => {
      const token = `${segment({ alg, typ: 'at+jwt', kid: key.kid })}.${segment(claims())}.${copiedSignature}`;
      await expectRejected(localVerifier(), token, 'ERR_JOSE_ALG_NOT_ALLOWED');
    });
  }

  it('rejects alg none without a kid, whatever the key set holds', async () => {
    const token = `${segment({ alg: 'none', typ: 'at+jwt' })}.${segment(claims())}.`;
    await expectRejected(localVerifier([key]), token, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('refuses to create a verifier that would allow none, whatever the options say', () => {
    for (const algorithms of [['none'], ['RS256', 'none'], ['NONE']]) {
      const create = () =>
        createVerifier({
          issuer: ISSUER,
          audience: AUDIENCE,
          jwks: jwksOf(key),
          algorithms: algorithms as never,
        });
      expect(create).toThrow(VerifyError);
      expect(codeOf(create)).toBe('ERR_INVALID_OPTIONS');
    }
  });
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as VerifyError).code;
  }
  return undefined;
}

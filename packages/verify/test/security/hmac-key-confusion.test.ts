// SECURITY.md §1: HS256 signed with the RSA/EC public key (PEM with and without trailing newline, DER, JWK
// bytes) is rejected: the algorithm comes from the key, never from the header (CVE-2015-9235, CVE-2022-23541).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/create-verifier.js';
import type { VerifyError } from '../../src/errors.js';
import {
  AUDIENCE,
  claims,
  ISSUER,
  segment,
  signSegments,
  type TestKey,
  testKey,
} from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

function hs256(key: TestKey, secret: Buffer | string, alg = 'HS256'): string {
  const input = `${segment({ alg, typ: 'at+jwt', kid: key.kid })}.${segment(claims())}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('HMAC with the public key as secret', () => {
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
    const key = testKey(alg);
    const pem = key.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const secrets: Record<string, Buffer | string> = {
      'PEM with trailing newline': pem,
      'PEM without trailing newline': pem.trimEnd(),
      'DER (SPKI)': key.publicKey.export({ format: 'der', type: 'spki' }),
      'JWK bytes': JSON.stringify(key.jwk),
      'JWK bytes of the bare public members': JSON.stringify(key.publicKey.export({ format: 'jwk' })),
    };
    for (const [form, secret] of Object.entries(secrets)) {
      it(`rejects HS256 signed with the ${alg} public key as ${form}`, async () => {
        await expectRejected(localVerifier([key]), hs256(key, secret), 'ERR_JOSE_ALG_NOT_ALLOWED');
      });
    }
  }

  it('rejects HS384 and HS512 the same way', async () => {
    const key = testKey('RS256');
    const pem = key.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    for (const alg of ['HS384', 'HS512']) {
      await expectRejected(localVerifier([key]), hs256(key, pem, alg), 'ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('never imports a symmetric (oct) key from a JWKS, so no token can select one', async () => {
    const rsa = testKey('RS256');
    const oct = { kty: 'oct', kid: 'shared', k: Buffer.from('secret').toString('base64url'), alg: 'HS256' };
    const verifier = createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [rsa.jwk, oct] } });
    const input = `${segment({ alg: 'HS256', typ: 'at+jwt', kid: 'shared' })}.${segment(claims())}`;
    const token = `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`;
    await expectRejected(verifier, token, 'ERR_JOSE_ALG_NOT_ALLOWED');
    let code: string | undefined;
    try {
      createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [oct] } });
    } catch (error) {
      code = (error as VerifyError).code;
    }
    expect(code).toBe('ERR_JWKS_INVALID');
  });

  it('refuses HS256 in the algorithms option', () => {
    let code: string | undefined;
    try {
      createVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        jwks: { keys: [testKey('RS256').jwk] },
        algorithms: ['HS256' as never],
      });
    } catch (error) {
      code = (error as VerifyError).code;
    }
    expect(code).toBe('ERR_INVALID_OPTIONS');
  });

  it('rejects PS256 in the header for an RS256 key even with a valid PSS signature (no algorithm substitution)', async () => {
    const rs = testKey('RS256');
    const asPss: TestKey = { ...rs, alg: 'PS256' };
    const token = signSegments(
      asPss,
      segment({ alg: 'PS256', typ: 'at+jwt', kid: rs.kid }),
      segment(claims()),
    );
    await expectRejected(localVerifier([rs]), token, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });

  it('rejects an algorithm the verifier was not configured for, even when the key supports it', async () => {
    const key = testKey('ES256');
    const verifier = localVerifier([key, testKey('RS256')], { algorithms: ['RS256'] });
    const token = signSegments(
      key,
      segment({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }),
      segment(claims()),
    );
    await expectRejected(verifier, token, 'ERR_JOSE_ALG_NOT_ALLOWED');
  });
});

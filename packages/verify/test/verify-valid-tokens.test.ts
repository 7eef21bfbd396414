import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importJwk } from '../src/import-jwk.js';
import { AUDIENCE, claims, mint, testKey } from './support/test-keys.js';
import { ALL_ALGORITHMS, localVerifier } from './support/verifier.js';

describe('valid access tokens', () => {
  for (const alg of ALL_ALGORITHMS) {
    it(`accepts a valid ${alg} token and returns its claims and header`, async () => {
      const key = testKey(alg);
      const { claims: verified, header } = await localVerifier().verify(mint(key));
      expect(verified).toEqual(claims());
      expect(header).toEqual({ alg, typ: 'at+jwt', kid: key.kid });
    });
  }

  it('accepts typ "application/at+jwt" in any letter case (RFC 9068 §4)', async () => {
    const verifier = localVerifier();
    for (const typ of ['application/at+jwt', 'AT+JWT', 'Application/AT+jwt']) {
      const { header } = await verifier.verify(mint(testKey('ES256'), { header: { typ } }));
      expect(header.typ).toBe(typ);
    }
  });

  it('accepts an aud array that contains our audience', async () => {
    const token = mint(testKey('RS256'), { claims: { aud: ['https://other.example', AUDIENCE] } });
    const { claims: verified } = await localVerifier().verify(token);
    expect(verified.aud).toEqual(['https://other.example', AUDIENCE]);
  });

  it('accepts any one of several configured audiences', async () => {
    const verifier = localVerifier(undefined, { audience: ['https://a.example', 'https://b.example'] });
    const { claims: verified } = await verifier.verify(
      mint(testKey('RS256'), { claims: { aud: 'https://b.example' } }),
    );
    expect(verified.aud).toBe('https://b.example');
  });

  it('accepts a token without kid when the key set has a single key', async () => {
    const key = testKey('EdDSA');
    const { claims: verified } = await localVerifier([key]).verify(mint(key, { header: { kid: undefined } }));
    expect(verified.sub).toBe('alice');
  });

  it('returns frozen claims, so a shared cached result cannot be altered by one request', async () => {
    const { claims: verified } = await localVerifier().verify(
      mint(testKey('RS256'), { claims: { roles: ['admin'] } }),
    );
    expect(Object.isFrozen(verified)).toBe(true);
    expect(Object.isFrozen(verified.roles)).toBe(true);
  });
});

describe('RFC 8037 Appendix A.4 (Ed25519)', () => {
  // RFC 8037 A.2 public key and A.4 JWS (payload "Example of Ed25519 signing", header {"alg":"EdDSA"}).
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
  const signingInput = 'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc';
  const signature = 'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

  it('verifies the RFC example signature with the imported OKP key', () => {
    const key = importJwk(jwk, new Set(['EdDSA']));
    if ('skipped' in key) throw new Error(key.skipped);
    expect(key.alg).toBe('EdDSA');
    expect(key.verify(Buffer.from(signingInput), Buffer.from(signature, 'base64url'))).toBe(true);
  });

  it('rejects the RFC example signature over an altered payload', () => {
    const key = importJwk(jwk, new Set(['EdDSA']));
    if ('skipped' in key) throw new Error(key.skipped);
    expect(key.verify(Buffer.from(`${signingInput}x`), Buffer.from(signature, 'base64url'))).toBe(false);
    expect(createPublicKey({ key: jwk, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
  });
});

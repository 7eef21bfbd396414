// SECURITY.md §1: wrong `iss`; `aud` missing or not ours; `typ` not `at+jwt` (an ID token used as an access
// token) — RFC 9068 §4, RFC 8725 §3.11; and a token minted for service A presented to service B.
import { describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, mint, testKey } from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

describe('issuer, audience and token type', () => {
  const key = testKey('RS256');

  for (const iss of [
    'https://evil.example',
    `${ISSUER}/`,
    ISSUER.toUpperCase(),
    ` ${ISSUER}`,
    undefined,
    [ISSUER],
  ]) {
    it(`rejects iss ${JSON.stringify(iss)}`, async () => {
      const error = await expectRejected(
        localVerifier([key]),
        mint(key, { claims: { iss } }),
        'ERR_JWT_CLAIM_INVALID',
      );
      expect(error.claim).toBe('iss');
    });
  }

  const badAudiences: Record<string, unknown> = {
    missing: undefined,
    'another service': 'https://billing.example',
    'ours with a trailing slash': `${AUDIENCE}/`,
    'an empty array': [],
    'an array without ours': ['https://billing.example', 'https://mail.example'],
    'a number': 42,
    'an object': { aud: AUDIENCE },
    'an array holding ours nested': [[AUDIENCE]],
  };
  for (const [what, aud] of Object.entries(badAudiences)) {
    it(`rejects aud that is ${what}`, async () => {
      const error = await expectRejected(
        localVerifier([key]),
        mint(key, { claims: { aud } }),
        'ERR_JWT_CLAIM_INVALID',
      );
      expect(error.claim).toBe('aud');
    });
  }

  it('rejects a token minted for service A presented to service B', async () => {
    const forA = mint(key, { claims: { aud: 'https://service-a.example' } });
    const serviceB = localVerifier([key], { audience: 'https://service-b.example' });
    const serviceA = localVerifier([key], { audience: 'https://service-a.example' });
    expect((await serviceA.verify(forA)).claims.aud).toBe('https://service-a.example');
    const error = await expectRejected(serviceB, forA, 'ERR_JWT_CLAIM_INVALID');
    expect(error.claim).toBe('aud');
  });

  it('rejects an OpenID Connect ID token (typ JWT, aud = client id) used as an access token', async () => {
    const idToken = mint(key, { header: { typ: 'JWT' }, claims: { aud: 'web-app', nonce: 'n-0S6_WzA2Mj' } });
    const error = await expectRejected(
      localVerifier([key], { audience: ['web-app', AUDIENCE] }),
      idToken,
      'ERR_JWT_CLAIM_INVALID',
    );
    expect(error.claim).toBe('typ');
  });

  for (const typ of [
    undefined,
    'JWT',
    'jwt',
    'at+jwt ',
    'at+JWT+x',
    'application/jwt',
    'dpop+jwt',
    'logout+jwt',
    42,
  ]) {
    it(`rejects typ ${JSON.stringify(typ)}`, async () => {
      const error = await expectRejected(
        localVerifier([key]),
        mint(key, { header: { typ } }),
        'ERR_JWT_CLAIM_INVALID',
      );
      expect(error.claim).toBe('typ');
    });
  }

  for (const [name, value] of [
    ['sub', 42],
    ['scope', ['orders:read']],
    ['client_id', null],
    ['jti', {}],
  ] as const) {
    it(`rejects ${name} that is not a string`, async () => {
      const error = await expectRejected(
        localVerifier([key]),
        mint(key, { claims: { [name]: value } }),
        'ERR_JWT_CLAIM_INVALID',
      );
      expect(error.claim).toBe(name);
    });
  }
});

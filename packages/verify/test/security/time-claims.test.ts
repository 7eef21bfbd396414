// SECURITY.md §1: expired; `nbf` in the future; `iat` far in the future; missing `exp`; `exp` not a number
// (clock skew configurable, default 30 s).
import { describe, expect, it } from 'vitest';
import { claims, mint, NOW, segment, signSegments, testKey } from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

describe('time claims', () => {
  const key = testKey('ES256');
  const withClaims = (overrides: Record<string, unknown>) => mint(key, { claims: overrides });

  it('rejects a token expired longer ago than the default 30 s tolerance', async () => {
    const error = await expectRejected(
      localVerifier([key]),
      withClaims({ exp: NOW - 31 }),
      'ERR_JWT_EXPIRED',
    );
    expect(error.claim).toBe('exp');
  });

  it('accepts a token expired within the default 30 s tolerance', async () => {
    const { claims: verified } = await localVerifier([key]).verify(withClaims({ exp: NOW - 29 }));
    expect(verified.exp).toBe(NOW - 29);
  });

  it('rejects a token expired exactly now when the tolerance is 0 (exp is exclusive)', async () => {
    await expectRejected(
      localVerifier([key], { clockTolerance: 0 }),
      withClaims({ exp: NOW }),
      'ERR_JWT_EXPIRED',
    );
  });

  it('honours a configured tolerance', async () => {
    const verifier = localVerifier([key], { clockTolerance: 120 });
    const { claims: verified } = await verifier.verify(withClaims({ exp: NOW - 100 }));
    expect(verified.exp).toBe(NOW - 100);
    await expectRejected(verifier, withClaims({ exp: NOW - 121, jti: 'other' }), 'ERR_JWT_EXPIRED');
  });

  it('rejects nbf in the future beyond the tolerance', async () => {
    await expectRejected(localVerifier([key]), withClaims({ nbf: NOW + 31 }), 'ERR_JWT_NOT_YET_VALID');
  });

  it('accepts nbf in the future within the tolerance', async () => {
    const { claims: verified } = await localVerifier([key]).verify(withClaims({ nbf: NOW + 29 }));
    expect(verified.nbf).toBe(NOW + 29);
  });

  it('rejects iat far in the future', async () => {
    const error = await expectRejected(
      localVerifier([key]),
      withClaims({ iat: NOW + 3600 }),
      'ERR_JWT_CLAIM_INVALID',
    );
    expect(error.claim).toBe('iat');
  });

  it('rejects a token without exp', async () => {
    const error = await expectRejected(
      localVerifier([key]),
      withClaims({ exp: undefined }),
      'ERR_JWT_CLAIM_INVALID',
    );
    expect(error.claim).toBe('exp');
  });

  for (const exp of [String(NOW + 900), null, true, [NOW + 900], { exp: NOW + 900 }]) {
    it(`rejects exp that is not a number (${JSON.stringify(exp)})`, async () => {
      const error = await expectRejected(localVerifier([key]), withClaims({ exp }), 'ERR_JWT_CLAIM_INVALID');
      expect(error.claim).toBe('exp');
    });
  }

  it('rejects exp that overflows to Infinity (1e400)', async () => {
    const payload = segment(JSON.stringify(claims()).replace(/"exp":\d+/, '"exp":1e400'));
    const token = signSegments(key, segment({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }), payload);
    await expectRejected(localVerifier([key]), token, 'ERR_JWT_CLAIM_INVALID');
  });

  for (const name of ['nbf', 'iat']) {
    it(`rejects ${name} that is not a number`, async () => {
      const error = await expectRejected(
        localVerifier([key]),
        withClaims({ [name]: 'yesterday' }),
        'ERR_JWT_CLAIM_INVALID',
      );
      expect(error.claim).toBe(name);
    });
  }
});

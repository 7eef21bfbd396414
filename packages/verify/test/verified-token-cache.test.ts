// The verified-token cache: keyed by the whole token, bounded LRU, never past the token's exp.
import { describe, expect, it } from 'vitest';
import { VerifiedTokenCache } from '../src/verified-token-cache.js';
import { mint, NOW, NOW_MS, testKey } from './support/test-keys.js';
import { expectRejected, localVerifier } from './support/verifier.js';

describe('verified-token cache', () => {
  const key = testKey('RS256');

  it('answers a repeated token from the cache (the same frozen result)', async () => {
    const verifier = localVerifier([key]);
    const token = mint(key);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
  });

  it('verifies every time when turned off', async () => {
    const verifier = localVerifier([key], { cache: false });
    const token = mint(key);
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });

  it('never serves a cached result at or past the token exp', async () => {
    let clock = NOW_MS;
    const verifier = localVerifier([key], { clockTolerance: 0, now: () => clock });
    const token = mint(key, { claims: { exp: NOW + 10 } });
    await verifier.verify(token);
    clock = NOW_MS + 9_999;
    expect((await verifier.verify(token)).claims.exp).toBe(NOW + 10);
    clock = NOW_MS + 10_000;
    await expectRejected(verifier, token, 'ERR_JWT_EXPIRED');
  });

  it('is keyed by the full token: same header and claims with another signature are verified afresh', async () => {
    const verifier = localVerifier([key]);
    const token = mint(key);
    await verifier.verify(token);
    const [header, payload] = token.split('.');
    const otherSignature = Buffer.alloc(256, 1).toString('base64url');
    await expectRejected(verifier, `${header}.${payload}.${otherSignature}`, 'ERR_JWS_SIGNATURE_INVALID');
  });

  it('evicts the least recently used token when full', async () => {
    const verifier = localVerifier([key], { cache: { maxEntries: 2 } });
    const [a, b, c] = ['a', 'b', 'c'].map((jti) => mint(key, { claims: { jti } })) as [
      string,
      string,
      string,
    ];
    const first = { a: await verifier.verify(a), b: await verifier.verify(b) };
    await verifier.verify(a); // a is now more recent than b
    await verifier.verify(c); // evicts b
    expect(await verifier.verify(a)).toBe(first.a);
    expect(await verifier.verify(b)).not.toBe(first.b);
  });

  it('stays within its bound however many tokens pass', () => {
    const cache = new VerifiedTokenCache<number>(100);
    for (let i = 0; i < 10_000; i++) cache.set(`token-${i}`, i, NOW_MS + 1000);
    expect(cache.size).toBe(100);
    expect(cache.get('token-9999', NOW_MS)).toBe(9999);
    expect(cache.get('token-0', NOW_MS)).toBeUndefined();
  });

  it('does not cache failures: a token rejected once is judged again', async () => {
    let clock = NOW_MS - 60_000;
    const verifier = localVerifier([key], { now: () => clock });
    const token = mint(key, { claims: { nbf: NOW } });
    await expectRejected(verifier, token, 'ERR_JWT_NOT_YET_VALID');
    clock = NOW_MS;
    expect((await verifier.verify(token)).claims.nbf).toBe(NOW);
  });
});

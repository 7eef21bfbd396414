// The remote JWKS against a real HTTP server on 127.0.0.1: caching, refetch limits, outages, rotation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier } from '../src/create-verifier.js';
import type { VerifierOptions } from '../src/verifier-options.js';
import { type HttpStub, startHttpStub } from './support/http-stub.js';
import { AUDIENCE, ISSUER, jwksOf, mint, NOW_MS, type TestKey, testKey } from './support/test-keys.js';
import { expectRejected } from './support/verifier.js';

describe('remote JWKS', () => {
  const key1 = testKey('RS256', 'key-1');
  const key2 = testKey('ES256', 'key-2');
  let stub: HttpStub;
  let published: TestKey[];
  let cacheControl: string | undefined;
  let clock: number;

  beforeEach(async () => {
    stub = await startHttpStub();
    published = [key1];
    cacheControl = 'public, max-age=60';
    clock = NOW_MS;
    stub.route('/jwks', () => ({
      body: jwksOf(...published),
      headers:
        cacheControl === undefined ? {} : ({ 'cache-control': cacheControl } as Record<string, string>),
    }));
  });
  afterEach(() => stub.close());

  const fetches = () => stub.hits.get('/jwks') ?? 0;
  const verifier = (options: Partial<VerifierOptions> = {}) =>
    createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: `${stub.origin}/jwks`,
      now: () => clock,
      ...options,
    });
  /** Distinct tokens, so that the verified-token cache never answers for them. */
  let serial = 0;
  const token = (key: TestKey, kid = key.kid) =>
    mint(key, { header: { kid }, claims: { jti: `t-${serial++}`, exp: clock / 1000 + 900 } });

  it('fetches the JWKS once and answers from it within Cache-Control max-age', async () => {
    const v = verifier();
    await v.verify(token(key1));
    clock += 59_000;
    await v.verify(token(key1));
    expect(fetches()).toBe(1);
  });

  it('fetches the JWKS again once max-age has passed', async () => {
    const v = verifier();
    await v.verify(token(key1));
    clock += 61_000;
    await v.verify(token(key1));
    expect(fetches()).toBe(2);
  });

  it('honours a longer max-age', async () => {
    cacheControl = 'max-age=300';
    const v = verifier();
    await v.verify(token(key1));
    clock += 299_000;
    await v.verify(token(key1));
    expect(fetches()).toBe(1);
    clock += 2_000;
    await v.verify(token(key1));
    expect(fetches()).toBe(2);
  });

  it('does not refetch more often than the cooldown even when max-age is 0 or no-store', async () => {
    for (const header of ['max-age=0', 'no-store']) {
      cacheControl = header;
      const before = fetches();
      const v = verifier();
      await v.verify(token(key1));
      clock += 10_000;
      await v.verify(token(key1));
      expect(fetches() - before).toBe(1);
      clock += 21_000;
      await v.verify(token(key1));
      expect(fetches() - before).toBe(2);
    }
  });

  it('fetches at most once per cooldown for a flood of 1,000 tokens with unknown kids', async () => {
    const v = verifier();
    await v.verify(token(key1));
    expect(fetches()).toBe(1);
    clock += 31_000; // the cooldown since the first fetch has passed: one refetch is allowed
    const flood = Array.from({ length: 1000 }, (_, i) => token(key1, `unknown-${i}`));
    const outcomes = await Promise.allSettled(flood.map((t) => v.verify(t)));
    expect(
      outcomes.every((o) => o.status === 'rejected' && o.reason.code === 'ERR_JWKS_NO_MATCHING_KEY'),
    ).toBe(true);
    expect(fetches()).toBe(2);
    clock += 10_000; // still within the cooldown of that refetch
    await Promise.allSettled(flood.map((t) => v.verify(t)));
    expect(fetches()).toBe(2);
    clock += 21_000;
    await Promise.allSettled(flood.map((t) => v.verify(t)));
    expect(fetches()).toBe(3);
  });

  it('shares one fetch among concurrent first requests', async () => {
    const v = verifier();
    const results = await Promise.all(Array.from({ length: 50 }, () => v.verify(token(key1))));
    expect(results).toHaveLength(50);
    expect(fetches()).toBe(1);
  });

  it('keeps serving the last good key set while the JWKS endpoint is down', async () => {
    const v = verifier();
    await v.verify(token(key1));
    stub.setDown(true);
    clock += 120_000; // the copy is stale and the endpoint refuses connections
    expect((await v.verify(token(key1))).claims.sub).toBe('alice');
    clock += 120_000;
    expect((await v.verify(token(key1))).claims.sub).toBe('alice');
    await expectRejected(v, token(key2), 'ERR_JWKS_NO_MATCHING_KEY');
  });

  it('keeps serving the last good key set while the JWKS endpoint answers errors or garbage', async () => {
    const v = verifier();
    await v.verify(token(key1));
    for (const broken of [
      { status: 500, body: { error: 'boom' } },
      { body: 'not a jwks' },
      { body: { keys: 'not a list' } },
    ]) {
      stub.route('/jwks', () => broken);
      clock += 120_000;
      expect((await v.verify(token(key1))).claims.sub).toBe('alice');
    }
  });

  it('withdraws every key when the issuer publishes a set without usable keys, tokens verified before included', async () => {
    for (const emptied of [{ keys: [] }, { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'key-1' }] }]) {
      const v = verifier();
      const before = token(key1);
      await v.verify(before);
      stub.route('/jwks', () => ({ body: emptied }));
      clock += 601_000; // past any max-age the copy had (10 minutes without Cache-Control)
      await expectRejected(v, before, 'ERR_JWKS_INVALID');
      await expectRejected(v, token(key1), 'ERR_JWKS_INVALID');
      stub.route('/jwks', () => ({ body: jwksOf(key1) }));
    }
  });

  it('stops verifying tokens of a key replaced under the same kid, even those verified before', async () => {
    cacheControl = 'max-age=300';
    const v = verifier();
    const before = token(key1);
    await v.verify(before);
    const replacement = testKey('RS256', 'key-1-replacement');
    stub.route('/jwks', () => ({ body: { keys: [{ ...replacement.jwk, kid: 'key-1' }] } }));
    // Well within max-age, a token with an unknown kid makes the verifier fetch the set again.
    clock += 31_000;
    await expectRejected(v, token(key1, 'key-9'), 'ERR_JWKS_NO_MATCHING_KEY');
    expect(fetches()).toBe(2);
    await expectRejected(v, before, 'ERR_JWS_SIGNATURE_INVALID');
    expect((await v.verify(token(replacement, 'key-1'))).header.kid).toBe('key-1');
  });

  it('stops verifying tokens of a sole key without kid once another key replaces it', async () => {
    cacheControl = 'max-age=300';
    const withoutKid = (key: TestKey) => ({ ...key.jwk, kid: undefined });
    const mintWithoutKid = (key: TestKey) =>
      mint(key, { header: { kid: undefined }, claims: { jti: `t-${serial++}`, exp: clock / 1000 + 900 } });
    stub.route('/jwks', () => ({ body: { keys: [withoutKid(key1)] } }));
    const v = verifier();
    const before = mintWithoutKid(key1);
    await v.verify(before);
    const replacement = testKey('RS256', 'sole-replacement');
    stub.route('/jwks', () => ({ body: { keys: [withoutKid(replacement)] } }));
    clock += 31_000;
    await expectRejected(v, token(key1, 'key-9'), 'ERR_JWKS_NO_MATCHING_KEY');
    await expectRejected(v, before, 'ERR_JWS_SIGNATURE_INVALID');
    expect((await v.verify(mintWithoutKid(replacement))).claims.sub).toBe('alice');
  });

  it('picks up a new key (rotation) without a restart', async () => {
    const v = verifier();
    await v.verify(token(key1));
    published = [key1, key2];
    clock += 31_000;
    expect((await v.verify(token(key2))).header.kid).toBe('key-2');
    expect(fetches()).toBe(2);
  });

  it('stops accepting tokens of a withdrawn key, including ones it verified and cached before', async () => {
    const v = verifier();
    const old = token(key1);
    await v.verify(old);
    published = [key2];
    clock += 61_000;
    await expectRejected(v, old, 'ERR_JWKS_NO_MATCHING_KEY');
    expect((await v.verify(token(key2))).header.kid).toBe('key-2');
  });

  it('fails with ERR_JWKS_FETCH_FAILED when no key set was ever obtained, and retries after 1 s, 2 s, 4 s… up to the cooldown', async () => {
    stub.route('/jwks', () => ({ status: 503 }));
    const v = verifier();
    await expectRejected(v, token(key1), 'ERR_JWKS_FETCH_FAILED');
    await expectRejected(v, token(key1), 'ERR_JWKS_FETCH_FAILED');
    expect(fetches()).toBe(1);
    // Each wait doubles: 1, 2, 4, 8, 16 s, then the 30 s cooldown, never less.
    for (const waitMs of [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]) {
      const before = fetches();
      clock += waitMs - 1;
      await expectRejected(v, token(key1), 'ERR_JWKS_FETCH_FAILED');
      expect(fetches()).toBe(before);
      clock += 1;
      await expectRejected(v, token(key1), 'ERR_JWKS_FETCH_FAILED');
      expect(fetches()).toBe(before + 1);
    }
  });

  it('recovers within a second once the issuer comes up, and then keeps the usual cooldown', async () => {
    stub.route('/jwks', () => ({ status: 503 }));
    const v = verifier();
    await expectRejected(v, token(key1), 'ERR_JWKS_FETCH_FAILED');
    stub.route('/jwks', () => ({ body: jwksOf(key1) }));
    clock += 1_000;
    expect((await v.verify(token(key1))).claims.sub).toBe('alice');
    expect(fetches()).toBe(2);
    // A key set is at hand now: an unknown kid refetches only once the cooldown has passed.
    clock += 1_000;
    await expectRejected(v, token(key1, 'unknown'), 'ERR_JWKS_NO_MATCHING_KEY');
    expect(fetches()).toBe(2);
    clock += 29_000;
    await expectRejected(v, token(key1, 'unknown'), 'ERR_JWKS_NO_MATCHING_KEY');
    expect(fetches()).toBe(3);
  });

  it('fails with ERR_JWKS_INVALID for a key set without usable keys', async () => {
    stub.route('/jwks', () => ({ body: { keys: [{ kty: 'oct', k: 'c2VjcmV0', kid: 'key-1' }] } }));
    await expectRejected(verifier(), token(key1), 'ERR_JWKS_INVALID');
  });

  it('does not follow a redirect from the JWKS URI', async () => {
    stub.route('/jwks', () => ({ status: 302, headers: { location: `${stub.origin}/elsewhere` } }));
    stub.route('/elsewhere', () => ({ body: jwksOf(key1) }));
    await expectRejected(verifier(), token(key1), 'ERR_JWKS_FETCH_FAILED');
    expect(stub.hits.get('/elsewhere')).toBeUndefined();
  });

  it('refuses an oversize JWKS response', async () => {
    stub.route('/jwks', () => ({ body: { ...jwksOf(key1), padding: 'x'.repeat(600 * 1024) } }));
    await expectRejected(verifier(), token(key1), 'ERR_JWKS_FETCH_FAILED');
  });
});

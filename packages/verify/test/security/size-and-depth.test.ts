// SECURITY.md §1: a token over the size cap (default 8 KB); deeply nested JSON: rejected before any
// parsing or crypto, in bounded time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier } from '../../src/create-verifier.js';
import { type HttpStub, startHttpStub } from '../support/http-stub.js';
import {
  AUDIENCE,
  claims,
  ISSUER,
  jwksOf,
  mint,
  NOW_MS,
  segment,
  signSegments,
  testKey,
} from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

describe('size cap and nesting depth', () => {
  const key = testKey('ES256');
  let stub: HttpStub;

  beforeAll(async () => {
    stub = await startHttpStub();
    stub.route('/jwks', () => ({ body: jwksOf(key) }));
  });
  afterAll(() => stub.close());

  it('rejects a validly signed token one byte over the default 8192-byte cap', async () => {
    const base = mint(key, { claims: { pad: '' } });
    const token = mint(key, { claims: { pad: 'x'.repeat(((8193 - base.length) * 3) / 4 + 3) } });
    expect(token.length).toBeGreaterThan(8192);
    await expectRejected(localVerifier([key]), token, 'ERR_JWT_TOO_LARGE');
    const { claims: verified } = await localVerifier([key], { maxTokenBytes: 16_384 }).verify(token);
    expect(verified.sub).toBe('alice');
  });

  it('accepts a token of exactly the cap', async () => {
    const verifier = localVerifier([key], { maxTokenBytes: 1024 });
    const token = mint(key);
    const sized = localVerifier([key], { maxTokenBytes: token.length });
    expect((await sized.verify(token)).claims.sub).toBe('alice');
    expect(token.length).toBeLessThan(1024);
    expect((await verifier.verify(token)).claims.sub).toBe('alice');
  });

  it('rejects an oversize string by size before looking at its shape', async () => {
    await expectRejected(localVerifier([key]), '{'.repeat(100_000), 'ERR_JWT_TOO_LARGE');
    await expectRejected(localVerifier([key]), 'a.b.c'.repeat(10_000), 'ERR_JWT_TOO_LARGE');
  });

  it('rejects an oversize token before fetching any key', async () => {
    const verifier = createVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: `${stub.origin}/jwks`,
      now: () => NOW_MS,
    });
    const token = mint(key, { header: { kid: 'unknown' }, claims: { pad: 'x'.repeat(9000) } });
    await expectRejected(verifier, token, 'ERR_JWT_TOO_LARGE');
    expect(stub.hits.get('/jwks')).toBeUndefined();
  });

  it('rejects deeply nested claims, validly signed, within the size cap', async () => {
    const nested = `${'['.repeat(2500)}${']'.repeat(2500)}`;
    const payload = segment(`${JSON.stringify(claims()).slice(0, -1)},"deep":${nested}}`);
    const token = signSegments(key, segment({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }), payload);
    expect(token.length).toBeLessThan(8192);
    await expectRejected(localVerifier([key]), token, 'ERR_JWT_MALFORMED');
  });

  it('rejects a deeply nested header before any key lookup or signature check', async () => {
    const nested = `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`;
    const header = segment(`{"alg":"ES256","typ":"at+jwt","kid":"${key.kid}","x":${nested}}`);
    await expectRejected(localVerifier([key]), `${header}.${segment(claims())}.sig`, 'ERR_JWT_MALFORMED');
  });

  it('accepts moderately nested claims (RFC 9396 authorization_details)', async () => {
    const details = [
      { type: 'payment', locations: ['https://api.example'], actions: [{ op: ['read', { x: [1] }] }] },
    ];
    const { claims: verified } = await localVerifier([key]).verify(
      mint(key, { claims: { authorization_details: details } }),
    );
    expect(verified.authorization_details).toEqual(details);
  });
});

// SECURITY.md §1: an embedded `jwk` header with an attacker key (CVE-2018-0114); `jku` / `x5u` pointing
// elsewhere: rejected, and no outbound fetch happens.
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

describe('key material named by the token itself', () => {
  const ours = testKey('RS256');
  const attacker = testKey('RS256', 'attacker');
  let stub: HttpStub;

  beforeAll(async () => {
    stub = await startHttpStub();
    stub.route('/jwks', () => ({ body: jwksOf(ours) }));
    stub.route('/attacker/jwks', () => ({ body: jwksOf(attacker) }));
    stub.route('/attacker/cert.pem', () => ({ body: 'not fetched' }));
  });
  afterAll(() => stub.close());

  const remoteVerifier = () =>
    createVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: `${stub.origin}/jwks`, now: () => NOW_MS });

  it('rejects a token signed by an attacker key embedded as a jwk header', async () => {
    const token = mint(attacker, { header: { kid: undefined, jwk: attacker.jwk } });
    await expectRejected(localVerifier([ours]), token, 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('rejects an embedded jwk header even when the kid names one of our keys', async () => {
    const token = mint(attacker, { header: { kid: ours.kid, jwk: attacker.jwk } });
    await expectRejected(localVerifier([ours]), token, 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('rejects a jku header pointing at another key set, and never fetches it', async () => {
    const token = mint(attacker, { header: { jku: `${stub.origin}/attacker/jwks` } });
    await expectRejected(remoteVerifier(), token, 'ERR_JOSE_HEADER_UNSUPPORTED');
    expect(stub.hits.get('/attacker/jwks')).toBeUndefined();
  });

  it('rejects an x5u header, and never fetches it', async () => {
    const token = mint(attacker, { header: { kid: ours.kid, x5u: `${stub.origin}/attacker/cert.pem` } });
    await expectRejected(remoteVerifier(), token, 'ERR_JOSE_HEADER_UNSUPPORTED');
    expect(stub.hits.get('/attacker/cert.pem')).toBeUndefined();
  });

  it('rejects an x5c header carrying a certificate chain', async () => {
    const token = mint(attacker, { header: { x5c: ['MIIBfake'] } });
    await expectRejected(localVerifier([ours]), token, 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('fetches only the configured JWKS URI when verifying a token with an unknown kid', async () => {
    const token = signSegments(
      attacker,
      segment({ alg: 'RS256', typ: 'at+jwt', kid: 'attacker' }),
      segment(claims()),
    );
    await expectRejected(remoteVerifier(), token, 'ERR_JWKS_NO_MATCHING_KEY');
    expect([...stub.hits.keys()]).toEqual(['/jwks']);
  });
});

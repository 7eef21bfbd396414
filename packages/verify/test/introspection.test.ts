// Revocation-aware verification: RFC 7662 introspection against a local stub, with its short cache.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier } from '../src/create-verifier.js';
import type { VerifierOptions } from '../src/verifier-options.js';
import { type HttpStub, startHttpStub } from './support/http-stub.js';
import { AUDIENCE, jwksOf, mint, NOW, NOW_MS, testKey } from './support/test-keys.js';
import { codeOf } from './support/verifier.js';

describe('revocation-aware verification (RFC 7662)', () => {
  const key = testKey('ES256');
  let stub: HttpStub;
  let clock: number;
  let revoked: Set<string>;
  let token: string;
  let requests: {
    authorization: string | undefined;
    contentType: string | undefined;
    form: URLSearchParams;
  }[];

  beforeEach(async () => {
    stub = await startHttpStub();
    clock = NOW_MS;
    revoked = new Set();
    requests = [];
    token = mint(key, { claims: { iss: stub.origin } });
    stub.route('/.well-known/openid-configuration', () => ({
      body: {
        issuer: stub.origin,
        jwks_uri: `${stub.origin}/keys`,
        introspection_endpoint: `${stub.origin}/introspect`,
      },
    }));
    stub.route('/keys', () => ({ body: jwksOf(key) }));
    stub.route('/introspect', (request, body) => {
      const form = new URLSearchParams(body);
      requests.push({
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        form,
      });
      if (
        request.headers.authorization !== `Basic ${Buffer.from('orders-api:s3cr%3At').toString('base64')}`
      ) {
        return { status: 401, body: { error: 'invalid_client' } };
      }
      const token = form.get('token') ?? '';
      return { body: revoked.has(token) ? { active: false } : { active: true, sub: 'alice' } };
    });
  });
  afterEach(() => stub.close());

  const verifier = (introspection: Partial<NonNullable<VerifierOptions['introspection']>> = {}) =>
    createVerifier({
      issuer: stub.origin,
      audience: AUDIENCE,
      now: () => clock,
      introspection: { clientId: 'orders-api', clientSecret: 's3cr:t', ...introspection },
    });

  it('accepts an active token, authenticating with client_secret_basic at the discovered endpoint', async () => {
    const { claims } = await verifier().verify(token, { checkRevocation: true });
    expect(claims.sub).toBe('alice');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.contentType).toBe('application/x-www-form-urlencoded');
    expect(requests[0]?.form.get('token')).toBe(token);
    expect(requests[0]?.form.get('token_type_hint')).toBe('access_token');
  });

  it('refuses a revoked token once the cache TTL has passed', async () => {
    const v = verifier({ cacheTtlSeconds: 5 });
    await v.verify(token, { checkRevocation: true });
    revoked.add(token);
    clock += 2_000;
    expect((await v.verify(token, { checkRevocation: true })).claims.sub).toBe('alice'); // cached answer
    clock += 3_001;
    expect(await codeOf(v.verify(token, { checkRevocation: true }))).toBe('ERR_JWT_REVOKED');
    expect(requests).toHaveLength(2);
  });

  it('refuses a token revoked before its first use at once', async () => {
    revoked.add(token);
    const v = verifier();
    expect(await codeOf(v.verify(token, { checkRevocation: true }))).toBe('ERR_JWT_REVOKED');
  });

  it('does not introspect when revocation checking is not requested', async () => {
    revoked.add(token);
    expect((await verifier().verify(token)).claims.sub).toBe('alice');
    expect(requests).toHaveLength(0);
  });

  it('shares one introspection request among concurrent verifications of a token', async () => {
    const v = verifier();
    await Promise.all(Array.from({ length: 20 }, () => v.verify(token, { checkRevocation: true })));
    expect(requests).toHaveLength(1);
  });

  it('never trusts a cached answer past the token exp', async () => {
    const shortLived = mint(key, { claims: { iss: stub.origin, exp: NOW + 2, jti: 'short' } });
    const v = verifier({ cacheTtlSeconds: 60 });
    await v.verify(shortLived, { checkRevocation: true });
    clock += 2_500; // past exp, within the tolerance: the token still verifies locally, the answer is stale
    await v.verify(shortLived, { checkRevocation: true });
    expect(requests).toHaveLength(2);
  });

  it('fails closed with ERR_INTROSPECTION_FAILED when the endpoint errors, and asks again after a retry delay', async () => {
    const v = verifier();
    await v.verify(token, { checkRevocation: true }); // an answer cached before the outage
    stub.route('/introspect', () => ({ status: 500 }));
    const others = Array.from({ length: 20 }, (_, i) =>
      mint(key, { claims: { iss: stub.origin, jti: `other-${i}` } }),
    );
    for (const other of others) {
      expect(await codeOf(v.verify(other, { checkRevocation: true }))).toBe('ERR_INTROSPECTION_FAILED');
    }
    // One request failed; the others failed at once without asking, and the cached answer still serves.
    expect(stub.hits.get('/introspect')).toBe(2);
    expect((await v.verify(token, { checkRevocation: true })).claims.sub).toBe('alice');
    stub.route('/introspect', () => ({ body: { active: true } }));
    clock += 999;
    expect(await codeOf(v.verify(others[0] ?? '', { checkRevocation: true }))).toBe(
      'ERR_INTROSPECTION_FAILED',
    );
    clock += 1;
    expect((await v.verify(others[0] ?? '', { checkRevocation: true })).claims.sub).toBe('alice');
    expect(stub.hits.get('/introspect')).toBe(3);
  });

  it('fails closed when the client credentials are refused or the answer has no boolean active', async () => {
    const wrong = verifier({ clientSecret: 'wrong' });
    expect(await codeOf(wrong.verify(token, { checkRevocation: true }))).toBe('ERR_INTROSPECTION_FAILED');
    stub.route('/introspect', () => ({ body: { active: 'true' } }));
    expect(await codeOf(verifier().verify(token, { checkRevocation: true }))).toBe(
      'ERR_INTROSPECTION_FAILED',
    );
  });

  it('uses a configured introspectionEndpoint', async () => {
    stub.route('/other-introspect', () => ({ body: { active: false } }));
    const v = verifier({ introspectionEndpoint: `${stub.origin}/other-introspect` });
    expect(await codeOf(v.verify(token, { checkRevocation: true }))).toBe('ERR_JWT_REVOKED');
    expect(stub.hits.get('/other-introspect')).toBe(1);
  });

  it('does not introspect a token that fails local verification', async () => {
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(await codeOf(verifier().verify(forged, { checkRevocation: true }))).toBe(
      'ERR_JWS_SIGNATURE_INVALID',
    );
    expect(requests).toHaveLength(0);
  });

  it('rejects checkRevocation on a verifier without introspection options', async () => {
    const v = createVerifier({
      issuer: stub.origin,
      audience: AUDIENCE,
      jwks: jwksOf(key),
      now: () => clock,
    });
    expect(v.canCheckRevocation).toBe(false);
    expect(await codeOf(v.verify(token, { checkRevocation: true }))).toBe('ERR_INVALID_OPTIONS');
  });
});

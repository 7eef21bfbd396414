// Finding the JWKS through the issuer's discovery document (OIDC Discovery §4), on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier } from '../src/create-verifier.js';
import { type HttpStub, startHttpStub } from './support/http-stub.js';
import { AUDIENCE, jwksOf, mint, NOW_MS, testKey } from './support/test-keys.js';
import { codeOf, expectRejected } from './support/verifier.js';

describe('discovery', () => {
  const key = testKey('EdDSA');
  let stub: HttpStub;
  let clock: number;

  const documentPath = '/.well-known/openid-configuration';
  const serveDocument = () =>
    stub.route(documentPath, () => ({
      body: {
        issuer: stub.origin,
        jwks_uri: `${stub.origin}/keys`,
        introspection_endpoint: `${stub.origin}/introspect`,
      },
    }));

  beforeEach(async () => {
    stub = await startHttpStub();
    clock = NOW_MS;
    serveDocument();
    stub.route('/keys', () => ({ body: jwksOf(key), headers: { 'cache-control': 'max-age=60' } }));
  });
  afterEach(() => stub.close());

  const verifier = (issuer = stub.origin) => createVerifier({ issuer, audience: AUDIENCE, now: () => clock });
  const token = (jti: string) => mint(key, { claims: { iss: stub.origin, jti } });

  it('reads jwks_uri from the discovery document and verifies with its keys', async () => {
    const { claims } = await verifier().verify(token('a'));
    expect(claims.iss).toBe(stub.origin);
    expect(stub.hits.get('/.well-known/openid-configuration')).toBe(1);
    expect(stub.hits.get('/keys')).toBe(1);
  });

  it('fetches the discovery document once, however often the JWKS is refetched', async () => {
    const v = verifier();
    for (let i = 0; i < 3; i++) {
      await v.verify(token(`t-${i}`));
      clock += 61_000;
    }
    expect(stub.hits.get('/keys')).toBe(3);
    expect(stub.hits.get('/.well-known/openid-configuration')).toBe(1);
  });

  it('removes a terminating slash of the issuer before appending the well-known path', async () => {
    const v = createVerifier({ issuer: `${stub.origin}/`, audience: AUDIENCE, now: () => clock });
    stub.route('/.well-known/openid-configuration', () => ({
      body: { issuer: `${stub.origin}/`, jwks_uri: `${stub.origin}/keys` },
    }));
    const { claims } = await v.verify(mint(key, { claims: { iss: `${stub.origin}/` } }));
    expect(claims.iss).toBe(`${stub.origin}/`);
  });

  it('refuses a discovery document naming another issuer, and fetches no keys', async () => {
    stub.route('/.well-known/openid-configuration', () => ({
      body: { issuer: 'https://evil.example', jwks_uri: `${stub.origin}/keys` },
    }));
    await expectRejected(verifier(), token('a'), 'ERR_DISCOVERY_FAILED');
    expect(stub.hits.get('/keys')).toBeUndefined();
  });

  it('refuses a jwks_uri that is plain http to another host', async () => {
    stub.route('/.well-known/openid-configuration', () => ({
      body: { issuer: stub.origin, jwks_uri: 'http://keys.example/jwks' },
    }));
    await expectRejected(verifier(), token('a'), 'ERR_DISCOVERY_FAILED');
  });

  it('fails with ERR_DISCOVERY_FAILED when the document cannot be fetched', async () => {
    stub.route('/.well-known/openid-configuration', () => ({ status: 404 }));
    await expectRejected(verifier(), token('a'), 'ERR_DISCOVERY_FAILED');
  });

  it('when the document cannot be fetched, revocation-aware verifications ask again only after 1 s, 2 s…', async () => {
    stub.route(documentPath, () => ({ status: 500 }));
    // Local keys, so that only introspection needs the document (its introspection_endpoint).
    const v = createVerifier({
      issuer: stub.origin,
      audience: AUDIENCE,
      jwks: jwksOf(key),
      now: () => clock,
      introspection: { clientId: 'orders-api', clientSecret: 's' },
    });
    stub.route('/introspect', () => ({ body: { active: true } }));
    const revocationAware = (jti: string) => v.verify(token(jti), { checkRevocation: true });
    for (let i = 0; i < 50; i++)
      expect(await codeOf(revocationAware(`t-${i}`))).toBe('ERR_INTROSPECTION_FAILED');
    expect(stub.hits.get(documentPath)).toBe(1);
    clock += 1_000;
    expect(await codeOf(revocationAware('second'))).toBe('ERR_INTROSPECTION_FAILED');
    expect(stub.hits.get(documentPath)).toBe(2);
    serveDocument();
    clock += 1_999;
    expect(await codeOf(revocationAware('too-soon'))).toBe('ERR_INTROSPECTION_FAILED');
    clock += 1;
    expect((await revocationAware('recovered')).claims.sub).toBe('alice');
    expect(stub.hits.get(documentPath)).toBe(3);
  });

  it('uses a configured jwksUri without asking for the discovery document', async () => {
    const v = createVerifier({
      issuer: stub.origin,
      audience: AUDIENCE,
      jwksUri: `${stub.origin}/keys`,
      now: () => clock,
    });
    await v.verify(token('a'));
    expect(stub.hits.get('/.well-known/openid-configuration')).toBeUndefined();
  });
});

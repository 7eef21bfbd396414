import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createVerifier, isVerifyError } from '@tessera/verify';
import { createGuards } from '@tessera/verify/fastify';
import Fastify from 'fastify';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../packages/server/test/support/run-cli.js';
import {
  basicAuth,
  postForm,
  startTestServer,
  type TestServer,
} from '../packages/server/test/support/test-server.js';
import { type CountingProxy, startCountingProxy } from './support/counting-proxy.js';

const AUDIENCE = 'https://api.example.com';

describe('@tessera/verify against a live Tessera', () => {
  let tessera: TestServer;
  let proxy: CountingProxy;
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    tessera = await startTestServer();
    proxy = await startCountingProxy(tessera.issuer);
    client = await tessera.createClient();
  });
  afterAll(async () => {
    await proxy.close();
    await tessera.cleanup();
  });

  async function token(): Promise<string> {
    const response = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
    );
    return (await response.json()).access_token;
  }

  it('accepts Tessera tokens found through discovery', async () => {
    const verifier = createVerifier({ issuer: tessera.issuer, audience: AUDIENCE });
    const { claims, header } = await verifier.verify(await token());
    expect(claims).toMatchObject({ iss: tessera.issuer, sub: client.clientId, client_id: client.clientId });
    expect(header.kid).toBe(tessera.server.keyRing.signingKey().kid);
  });

  it('after `tessera keys rotate` accepts tokens with the new kid without restarting the service', async () => {
    const verifier = createVerifier({
      issuer: tessera.issuer,
      audience: AUDIENCE,
      jwksUri: `${proxy.url}/.well-known/jwks.json`,
    });
    const before = await token();
    await verifier.verify(before);
    expect((await runCli(['keys', 'rotate'], tessera.env)).status).toBe(0);
    await tessera.server.keyRing.refresh(); // what the server's timer does within ten seconds
    const after = await token();
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    await expect(verifier.verify(after)).resolves.toMatchObject({ claims: { sub: client.clientId } });
    await expect(verifier.verify(before)).resolves.toBeDefined();
  });

  it('a flood of 1,000 tokens with an unknown kid causes at most one JWKS fetch per cooldown', async () => {
    const verifier = createVerifier({
      issuer: tessera.issuer,
      audience: AUDIENCE,
      jwksUri: `${proxy.url}/.well-known/jwks.json`,
    });
    await verifier.verify(await token());
    const fetchesBefore = proxy.count('/.well-known/jwks.json');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forge = () => {
      const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: randomUUID() })).toString(
        'base64url',
      );
      const now = Math.floor(Date.now() / 1000);
      const payload = Buffer.from(
        JSON.stringify({ iss: tessera.issuer, aud: AUDIENCE, sub: 'x', exp: now + 60, iat: now }),
      ).toString('base64url');
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
        key: privateKey,
        dsaEncoding: 'ieee-p1363',
      });
      return `${header}.${payload}.${signature.toString('base64url')}`;
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 1000 }, () => verifier.verify(forge())));
    expect(
      outcomes.every((o) => o.status === 'rejected' && isVerifyError(o.reason, 'ERR_JWKS_NO_MATCHING_KEY')),
    ).toBe(true);
    expect(proxy.count('/.well-known/jwks.json') - fetchesBefore).toBeLessThanOrEqual(1);
  });

  it('a revoked token is refused on a revocation-aware route within the cache TTL', async () => {
    const resourceServer = await tessera.createClient({ name: 'orders api' });
    // The verifier's clock, moved by hand past the cache entry instead of waiting for it.
    let nowMs = Date.now();
    const verifier = createVerifier({
      issuer: tessera.issuer,
      audience: AUDIENCE,
      now: () => nowMs,
      introspection: {
        clientId: resourceServer.clientId,
        clientSecret: resourceServer.clientSecret,
        cacheTtlSeconds: 1,
      },
    });
    const { requireAuth } = createGuards({ verifier, realm: 'orders' });
    const service = Fastify();
    service.get('/orders', { preHandler: requireAuth({ checkRevocation: true }) }, async () => ({
      orders: [],
    }));
    service.get('/catalogue', { preHandler: requireAuth() }, async () => ({ items: [] }));
    const call = (url: string, bearer: string) =>
      service.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });

    const live = await token();
    expect((await call('/orders', live)).statusCode).toBe(200);
    const revoked = await postForm(
      `${tessera.issuer}/oauth2/revoke`,
      { token: live },
      {
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
    );
    expect(revoked.status).toBe(200);
    nowMs += 1100; // let the 1 s introspection cache entry lapse
    const refused = await call('/orders', live);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    await expect(verifier.verify(live, { checkRevocation: true })).rejects.toMatchObject({
      code: 'ERR_JWT_REVOKED',
    });
    // A route that is not revocation-aware trusts the signature until expiry, which is why the mode exists.
    expect((await call('/catalogue', live)).statusCode).toBe(200);
    await service.close();
  });
});

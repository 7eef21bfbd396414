// createTesseraCheck against a live Tessera: an Express service guards a route with requirePermission, asking
// Tessera's check API with its own client-credentials token. Allowed is 200, denied 403, and whatever keeps Tessera
// from answering (down, too slow, an error) 503, never 200; the token is shared and renewed before it expires (the
// injected clock moves, nothing sleeps); only allowed answers are cached.
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTesseraCheck, createVerifier, type PermissionCheck } from '@tessera/verify';
import { createGuards } from '@tessera/verify/express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fgaClients } from '../packages/server/test/authz/support/fga-clients.js';
import { freePort } from '../packages/server/test/support/free-port.js';
import {
  basicAuth,
  postForm,
  startTestServer,
  type TestServer,
} from '../packages/server/test/support/test-server.js';

const AUDIENCE = 'https://api.example.com';
const MODEL = {
  schema_version: '1.1',
  type_definitions: [
    { type: 'user' },
    {
      type: 'document',
      relations: { viewer: { this: {} } },
      metadata: { relations: { viewer: { directly_related_user_types: [{ type: 'user' }] } } },
    },
  ],
};
/** What Tessera's access tokens live (15 minutes), as its token responses say. */
const TOKEN_LIFETIME_SECONDS = 900;

let tessera: TestServer;
let storeId: string;
/** The service's own client: client credentials for the FGA API, read only. */
let service: { clientId: string; clientSecret: string };
/** The caller's access token, for the service's audience; its sub (the client id) may view document:1. */
let callerToken: string;

beforeAll(async () => {
  tessera = await startTestServer();
  const fga = await fgaClients(tessera);
  storeId = (await fga.client().createStore({ name: 'tessera check' })).id;
  await fga.client(storeId).writeAuthorizationModel(MODEL as never);
  service = await tessera.createClient({ audience: `${tessera.issuer}/fga`, scopes: ['fga:read'] });
  const caller = await tessera.createClient();
  await fga.client(storeId).write({
    writes: [{ user: `user:${caller.clientId}`, relation: 'viewer', object: 'document:1' }],
  });
  const response = await postForm(
    `${tessera.issuer}/oauth2/token`,
    { grant_type: 'client_credentials' },
    { authorization: basicAuth(caller.clientId, caller.clientSecret) },
  );
  callerToken = (await response.json()).access_token;
});
afterAll(() => tessera?.cleanup());

/**
 * A fetch that counts the requests to each path, keeps the access tokens the token endpoint handed out, and may hold
 * back requests to /check until they are aborted.
 */
function countingFetch(options: { hangOnCheck?: boolean } = {}) {
  const counts = new Map<string, number>();
  const tokens: string[] = [];
  const fetchFunction = async (input: string, init: RequestInit): Promise<Response> => {
    const path = new URL(input).pathname;
    const kind = path.endsWith('/check') ? 'check' : path.endsWith('/token') ? 'token' : path;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    if (kind === 'check' && options.hangOnCheck) {
      return new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    const response = await fetch(input, init);
    if (kind === 'token' && response.ok) tokens.push((await response.clone().json()).access_token);
    return response;
  };
  return { fetch: fetchFunction, count: (kind: 'check' | 'token') => counts.get(kind) ?? 0, tokens };
}

/** A clock the test moves by hand, in milliseconds. */
function handClock() {
  let nowMs = Date.now();
  return { now: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

/** The Express service of the README: GET /documents/:id needs viewer on document:<id>. */
async function serviceWith(check: PermissionCheck) {
  const verifier = createVerifier({ issuer: tessera.issuer, audience: AUDIENCE });
  const { requirePermission } = createGuards({ verifier, check });
  const app = express();
  app.get(
    '/documents/:id',
    requirePermission('viewer', 'document', (req) => String(req.params.id)),
    (req, res) => {
      res.json({ id: req.params.id });
    },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    get: async (id: string) =>
      (await fetch(`${url}/documents/${id}`, { headers: { authorization: `Bearer ${callerToken}` } })).status,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function withService<T>(
  check: PermissionCheck,
  run: (get: (id: string) => Promise<number>) => Promise<T>,
) {
  const running = await serviceWith(check);
  try {
    return await run(running.get);
  } finally {
    await running.close();
  }
}

describe('createTesseraCheck', () => {
  it('allows what Tessera allows (200) and refuses what it denies (403)', async () => {
    const check = createTesseraCheck({ issuer: tessera.issuer, ...service, storeId });
    await withService(check, async (get) => {
      expect(await get('1')).toBe(200);
      expect(await get('2')).toBe(403);
    });
  });

  it('authenticates with private_key_jwt when given the private key instead of a secret', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'check', alg: 'ES256', use: 'sig' };
    const { clientId } = await tessera.createClient({
      audience: `${tessera.issuer}/fga`,
      scopes: ['fga:read'],
      authMethod: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    const check = createTesseraCheck({
      issuer: tessera.issuer,
      clientId,
      privateKey,
      privateKeyId: 'check',
      storeId,
    });
    await withService(check, async (get) => {
      expect(await get('1')).toBe(200);
      expect(await get('2')).toBe(403);
    });
  });

  it('shares one token among concurrent checks, reuses it, and renews it before it expires', async () => {
    const counting = countingFetch();
    const clock = handClock();
    const check = createTesseraCheck({
      issuer: tessera.issuer,
      ...service,
      storeId,
      fetch: counting.fetch,
      now: clock.now,
    });
    await withService(check, async (get) => {
      expect(await Promise.all(['1', '1', '2', '1', '2'].map(get))).toEqual([200, 200, 403, 200, 403]);
      expect(counting.count('token')).toBe(1);
      clock.advance((TOKEN_LIFETIME_SECONDS - 60) * 1000);
      expect(await get('1')).toBe(200);
      expect(counting.count('token')).toBe(1);
      // Within the last 30 seconds of its life the token is renewed, once.
      clock.advance(45_000);
      expect(await Promise.all([get('1'), get('2')])).toEqual([200, 403]);
      expect(counting.count('token')).toBe(2);
      expect(await get('1')).toBe(200);
      expect(counting.count('token')).toBe(2);
      expect(counting.count('check')).toBe(9);
    });
  });

  it('a token Tessera refuses before its time (revoked) is replaced, and the check answered', async () => {
    const counting = countingFetch();
    const check = createTesseraCheck({ issuer: tessera.issuer, ...service, storeId, fetch: counting.fetch });
    await withService(check, async (get) => {
      expect(await get('1')).toBe(200);
      const revoked = await postForm(
        `${tessera.issuer}/oauth2/revoke`,
        { token: counting.tokens[0] as string },
        { authorization: basicAuth(service.clientId, service.clientSecret) },
      );
      expect(revoked.status).toBe(200);
      expect(await get('1')).toBe(200);
      expect(counting.count('token')).toBe(2);
      expect(counting.tokens[1]).not.toBe(counting.tokens[0]);
    });
  });

  it('caches allowed answers for ttlMs and never caches a denial', async () => {
    const counting = countingFetch();
    const clock = handClock();
    const check = createTesseraCheck({
      issuer: tessera.issuer,
      ...service,
      storeId,
      fetch: counting.fetch,
      now: clock.now,
      cache: { ttlMs: 5000, maxEntries: 100 },
    });
    await withService(check, async (get) => {
      expect([await get('1'), await get('1'), await get('1')]).toEqual([200, 200, 200]);
      expect(counting.count('check')).toBe(1);
      expect([await get('2'), await get('2')]).toEqual([403, 403]);
      expect(counting.count('check')).toBe(3);
      clock.advance(5000);
      expect(await get('1')).toBe(200);
      expect(counting.count('check')).toBe(4);
    });
  });

  it('answers 503, never 200, when Tessera is down, too slow, or answers with an error', async () => {
    const downIssuer = `http://127.0.0.1:${await freePort()}`;
    const unknownStore = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
    const notForFga = await tessera.createClient();
    const hanging = countingFetch({ hangOnCheck: true });
    const checks: [string, PermissionCheck][] = [
      ['down', createTesseraCheck({ issuer: downIssuer, ...service, storeId })],
      [
        'too slow',
        createTesseraCheck({
          issuer: tessera.issuer,
          ...service,
          storeId,
          timeoutMs: 200,
          fetch: hanging.fetch,
        }),
      ],
      ['unknown store', createTesseraCheck({ issuer: tessera.issuer, ...service, storeId: unknownStore })],
      ['no token for the FGA API', createTesseraCheck({ issuer: tessera.issuer, ...notForFga, storeId })],
      [
        'wrong secret',
        createTesseraCheck({ issuer: tessera.issuer, ...service, clientSecret: 'wrong', storeId }),
      ],
    ];
    for (const [what, check] of checks) {
      await withService(check, async (get) => {
        expect({ what, allowed: await get('1'), denied: await get('2') }).toEqual({
          what,
          allowed: 503,
          denied: 503,
        });
      });
    }
    expect(hanging.count('check')).toBe(2);
  });

  it('refuses bad options when created, naming them', () => {
    const good = { issuer: tessera.issuer, ...service, storeId };
    for (const bad of [
      { ...good, issuer: 'http://id.example.com' },
      { ...good, storeId: 'not-a-store' },
      { ...good, clientSecret: undefined },
      { ...good, clientSecret: undefined, privateKey: 'not a key' },
      { ...good, timeoutMs: 0 },
      { ...good, cache: { ttlMs: 0, maxEntries: 10 } },
    ]) {
      expect(() => createTesseraCheck(bad)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }));
    }
  });
});

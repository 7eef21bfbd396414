import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { obtainCode, redeemCode, signedInBrowser } from '../support/code-flow.js';
import { runCli } from '../support/run-cli.js';
import { APP_REDIRECT_URI, createTestUser } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

// The signing algorithm lives in the database: only `serve` (TESSERA_SIGNING_ALG) and `keys rotate --alg` change
// it, and only by rollover, so a verifier's cached key set always holds the key that signs.
describe('signing algorithm', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0).reverse()) await server.cleanup();
  });

  async function start(env: Record<string, string> = {}, clock = new TestClock(Date.now())) {
    const server = await startTestServer({ env, clock });
    servers.push(server);
    return { server, clock, client: await server.createClient() };
  }

  async function tokenAlg(tessera: TestServer, client: { clientId: string; clientSecret: string }) {
    const response = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    expect(response.status).toBe(200);
    return decodeProtectedHeader((await response.json()).access_token).alg;
  }

  const discoveredAlgs = async (tessera: TestServer) =>
    (
      (await (await fetch(`${tessera.issuer}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >
    ).id_token_signing_alg_values_supported;
  const publishedKids = async (tessera: TestServer) =>
    (
      (await (await fetch(`${tessera.issuer}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }
    ).keys
      .map((k) => k.kid)
      .sort();
  const storedKeys = (tessera: TestServer) =>
    tessera.runtime.db.selectFrom('signing_keys').selectAll().orderBy('kid').execute();

  it('a CLI command run with another TESSERA_SIGNING_ALG (or none) changes no key, and discovery keeps describing the keys in use', async () => {
    const { server, client } = await start({ TESSERA_SIGNING_ALG: 'ES256' });
    expect(await tokenAlg(server, client)).toBe('ES256');
    const before = await storedKeys(server);
    const { TESSERA_SIGNING_ALG: _configured, ...withoutAlg } = server.env;

    for (const env of [withoutAlg, { ...withoutAlg, TESSERA_SIGNING_ALG: 'RS256' }]) {
      for (const command of [['keys', 'list'], ['clients', 'list'], ['users', 'list'], ['migrate']]) {
        expect((await runCli(command, env)).status).toBe(0);
      }
    }
    expect(await storedKeys(server)).toEqual(before);
    await server.server.keyRing.refresh();
    expect(await tokenAlg(server, client)).toBe('ES256');
    // RS256 is always offered for ID tokens (OIDC Discovery 1.0 §3), the algorithm in use first.
    expect(await discoveredAlgs(server)).toEqual(['ES256', 'RS256']);
  });

  it('`keys rotate --alg` publishes the new algorithm at once and lets it sign only after verifiers can have it', async () => {
    const { server, clock, client } = await start();
    expect(await tokenAlg(server, client)).toBe('RS256');
    const kidsBefore = await publishedKids(server);

    const switched = await runCli(['keys', 'rotate', '--alg', 'EdDSA'], server.env);
    expect(switched.status).toBe(0);
    expect(switched.stdout).toMatch(
      /^EdDSA keys are published now; running servers sign with them from \S+Z\n$/,
    );
    const listed = JSON.parse((await runCli(['keys', 'list', '--json'], server.env)).stdout) as Record<
      string,
      unknown
    >[];
    const edKeys = listed.filter((k) => k.alg === 'EdDSA');
    expect(edKeys.map((k) => [k.status, k.signing, k.published])).toEqual(
      expect.arrayContaining([
        ['current', false, true],
        ['next', false, true],
      ]),
    );
    const signsFrom = edKeys.find((k) => k.status === 'current')?.signs_from as number;
    expect(signsFrom).toBeGreaterThanOrEqual(Math.floor(clock.now() / 1000) + 600);

    await server.server.keyRing.maintain();
    // Published before it signs: the JWKS has the new keys while tokens are still RS256.
    expect(await publishedKids(server)).toEqual(
      [...kidsBefore, ...edKeys.map((k) => k.kid as string)].sort(),
    );
    expect(await tokenAlg(server, client)).toBe('RS256');
    expect(await discoveredAlgs(server)).toEqual(['RS256', 'EdDSA']);

    clock.advanceSeconds(signsFrom - Math.floor(clock.now() / 1000));
    await server.server.keyRing.maintain();
    expect(await tokenAlg(server, client)).toBe('EdDSA');
    expect(await discoveredAlgs(server)).toEqual(['EdDSA', 'RS256']);
  });

  it('serve with a new TESSERA_SIGNING_ALG switches by rollover, never signing with a key made in the same second', async () => {
    const clock = new TestClock(Date.now());
    const first = await start({}, clock);
    const firstKids = await publishedKids(first.server);
    await first.server.stop();

    const second = await startTestServer({
      dataDir: first.server.dataDir,
      port: Number(new URL(first.server.issuer).port),
      env: { TESSERA_SIGNING_ALG: 'ES256' },
      clock,
    });
    servers.push(second);
    expect(await tokenAlg(second, first.client)).toBe('RS256');
    const kids = await publishedKids(second);
    expect(kids).toEqual(expect.arrayContaining(firstKids));
    expect(kids).toHaveLength(firstKids.length + 2);

    // Twice the JWKS max-age (a shared cache may serve a copy that old for that long again), plus refresh slack.
    clock.advanceSeconds(629);
    await second.server.keyRing.maintain();
    expect(await tokenAlg(second, first.client)).toBe('RS256');
    clock.advanceSeconds(1);
    await second.server.keyRing.maintain();
    expect(await tokenAlg(second, first.client)).toBe('ES256');
  });

  it('an app registered with id_token_signed_response_alg RS256 gets RS256 ID tokens from an ES256 server; others get ES256', async () => {
    const { server } = await start({ TESSERA_SIGNING_ALG: 'ES256' });
    await createTestUser(server);
    const browser = await signedInBrowser(server);
    const jwks = createLocalJWKSet(
      (await (await fetch(`${server.issuer}/.well-known/jwks.json`)).json()) as JSONWebKeySet,
    );
    for (const [idTokenSignedResponseAlg, expected] of [
      ['RS256', 'RS256'],
      [undefined, 'ES256'],
    ] as const) {
      const app = await server.createClient({
        name: 'Example App',
        grantTypes: ['authorization_code'],
        scopes: [],
        redirectUris: [APP_REDIRECT_URI],
        firstParty: true,
        idTokenSignedResponseAlg,
      });
      const { code, verifier } = await obtainCode(server, browser, app.clientId, { scope: 'openid' });
      const tokens = await (await redeemCode(server, app, code, verifier)).json();
      const { protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
        issuer: server.issuer,
        audience: app.clientId,
      });
      expect(protectedHeader.alg).toBe(expected);
      expect(decodeProtectedHeader(tokens.access_token).alg).toBe('ES256');
    }
  });

  it('clients create takes --id-token-signed-response-alg RS256 only, for apps that sign people in', async () => {
    const { server } = await start();
    const create = (...extra: string[]) =>
      runCli(['clients', 'create', '--name', 'x', '--json', ...extra], server.env);
    const signsIn = ['--grant-types', 'authorization_code', '--redirect-uri', 'http://127.0.0.1:3000/cb'];
    const created = await create(...signsIn, '--id-token-signed-response-alg', 'RS256');
    expect(created.status).toBe(0);
    const listed = JSON.parse((await runCli(['clients', 'list', '--json'], server.env)).stdout);
    expect(listed).toContainEqual(
      expect.objectContaining({
        client_id: JSON.parse(created.stdout).client_id,
        id_token_signed_response_alg: 'RS256',
      }),
    );
    for (const refused of [
      await create(...signsIn, '--id-token-signed-response-alg', 'HS256'),
      await create('--grant-types', 'client_credentials', '--id-token-signed-response-alg', 'RS256'),
    ]) {
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/^tessera: invalid_client_metadata: id_token_signed_response_alg /);
    }
  });
});

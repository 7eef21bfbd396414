import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe('key rotation on a running server', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers.reverse()) await server.cleanup();
  });

  async function token(
    tessera: TestServer,
    client: { clientId: string; clientSecret: string },
  ): Promise<string> {
    const response = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
    );
    expect(response.status).toBe(200);
    return (await response.json()).access_token;
  }

  async function servedJwks(tessera: TestServer) {
    return (await fetch(`${tessera.issuer}/.well-known/jwks.json`)).json();
  }

  it('after `tessera keys rotate`, outstanding tokens still verify and new tokens carry the new kid; a restart loads the same keys', async () => {
    const first = await startTestServer();
    servers.push(first);
    const client = await first.createClient();
    const outstanding = await token(first, client);
    const oldKid = decodeProtectedHeader(outstanding).kid;

    const rotated = await runCli(['keys', 'rotate'], first.env);
    expect(rotated.status).toBe(0);
    // Servers re-read keys every few seconds; do now what the timer would do.
    await first.server.keyRing.refresh();

    const fresh = await token(first, client);
    const newKid = decodeProtectedHeader(fresh).kid;
    expect(newKid).not.toBe(oldKid);
    const jwks = await servedJwks(first);
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    const verifyAgainst = (set: object, jwt: string) =>
      jwtVerify(jwt, createLocalJWKSet(set as never), {
        issuer: first.issuer,
        audience: 'https://api.example.com',
      });
    await expect(verifyAgainst(jwks, outstanding)).resolves.toBeDefined();
    await expect(verifyAgainst(jwks, fresh)).resolves.toBeDefined();

    await first.stop();
    const second = await startTestServer({
      dataDir: first.dataDir,
      port: Number(new URL(first.issuer).port),
    });
    servers.push(second);
    expect(await servedJwks(second)).toEqual(jwks);
    expect(decodeProtectedHeader(await token(second, client)).kid).toBe(newKid);
    await expect(verifyAgainst(await servedJwks(second), outstanding)).resolves.toBeDefined();
  });
});

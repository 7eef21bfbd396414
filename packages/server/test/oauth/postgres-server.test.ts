import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPostgresDatabase,
  postgresAvailable,
  type TestPostgresDatabase,
} from '../support/postgres-database.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe.runIf(await postgresAvailable())('Tessera on PostgreSQL', () => {
  let database: TestPostgresDatabase;
  let tessera: TestServer;

  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    tessera = await startTestServer({ env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await tessera?.cleanup();
    await database?.drop();
  });

  it('issues, introspects and revokes tokens with state kept in PostgreSQL', async () => {
    expect(tessera.runtime.dialect).toBe('postgres');
    const client = await tessera.createClient();
    const auth = { authorization: basicAuth(client.clientId, client.clientSecret) };
    const response = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'client_credentials' },
      auth,
    );
    expect(response.status).toBe(200);
    const { access_token: token } = await response.json();
    const jwks = createRemoteJWKSet(new URL(`${tessera.issuer}/.well-known/jwks.json`));
    await expect(jwtVerify(token, jwks, { issuer: tessera.issuer, typ: 'at+jwt' })).resolves.toBeDefined();
    await postForm(`${tessera.issuer}/oauth2/revoke`, { token }, auth);
    const introspection = await postForm(`${tessera.issuer}/oauth2/introspect`, { token }, auth);
    expect(await introspection.json()).toEqual({ active: false });
  });

  it('answers a NUL byte in a looked-up parameter with an error page, not a PostgreSQL error', async () => {
    const response = await fetch(`${tessera.issuer}/oauth2/authorize?client_id=a%00b&response_type=code`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_request');
  });
});

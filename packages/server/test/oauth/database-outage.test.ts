// SECURITY.md §5: a database outage is answered 503 with Retry-After, the process stays up, and service resumes by
// itself once the database is back. PostgreSQL is reached through a TCP proxy the test cuts and restores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPostgresDatabase,
  postgresAvailable,
  type TestPostgresDatabase,
} from '../support/postgres-database.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe.runIf(await postgresAvailable())('a PostgreSQL outage', () => {
  let database: TestPostgresDatabase;
  let proxy: TcpProxy;
  let tessera: TestServer;

  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    const direct = new URL(database.url);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(database.url);
    proxied.port = String(proxy.port);
    tessera = await startTestServer({ env: { DATABASE_URL: proxied.toString() } });
  });
  afterAll(async () => {
    proxy?.restore();
    await tessera?.cleanup();
    await proxy?.close();
    await database?.drop();
  });

  it('is answered 503 with Retry-After, as JSON or as a page, and service resumes by itself', async () => {
    const client = await tessera.createClient();
    const auth = { authorization: basicAuth(client.clientId, client.clientSecret) };
    const issued = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'client_credentials' },
      auth,
    );
    const { access_token: token } = await issued.json();
    const introspect = () => postForm(`${tessera.issuer}/oauth2/introspect`, { token }, auth);
    expect(await (await introspect()).json()).toMatchObject({ active: true });

    proxy.cut();
    for (let attempt = 0; attempt < 3; attempt++) {
      const refused = await introspect();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toEqual({
        error: 'temporarily_unavailable',
        error_description: 'the service is temporarily unavailable; retry shortly',
      });
    }
    // A browser asking to authorize a client not yet in the client cache: its look-up needs the database.
    const page = await fetch(`${tessera.issuer}/oauth2/authorize?client_id=not-cached&response_type=code`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(await page.text()).toContain('Temporarily unavailable');
    // The process is up: what needs no database still answers.
    expect((await fetch(`${tessera.issuer}/.well-known/openid-configuration`)).status).toBe(200);

    proxy.restore();
    // The pool reconnects on its own; a few tries (bounded) allow for connections it has yet to find broken.
    let status = 0;
    for (let attempt = 0; attempt < 10 && status !== 200; attempt++) {
      const answer = await introspect();
      status = answer.status;
      if (status === 200) expect(await answer.json()).toMatchObject({ active: true });
      else expect(status).toBe(503);
    }
    expect(status).toBe(200);
  });
});

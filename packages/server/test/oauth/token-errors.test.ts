import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  let tessera: TestServer;
  let tokenUrl: string;
  let auth: string;

  beforeAll(async () => {
    tessera = await startTestServer();
    tokenUrl = `${tessera.issuer}/oauth2/token`;
    const client = await tessera.createClient();
    auth = basicAuth(client.clientId, client.clientSecret);
  });
  afterAll(() => tessera.cleanup());

  async function expectOAuthError(response: Response, status: number, error: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body.error).toBe(error);
    expect(typeof body.error_description).toBe('string');
  }

  it('invalid_client is 401 with WWW-Authenticate when Basic was used', async () => {
    const client = await tessera.createClient();
    const response = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(client.clientId, 'not-the-secret'),
      },
    );
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="tessera"/);
    await expectOAuthError(response, 401, 'invalid_client');
  });

  it('invalid_client for an unknown client looks the same as a wrong secret', async () => {
    const unknown = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth('no-such-client', 'whatever'),
      },
    );
    const client = await tessera.createClient();
    const wrong = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(client.clientId, 'whatever'),
      },
    );
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(unknown.status).toBe(wrong.status);
  });

  it('invalid_client without WWW-Authenticate challenge when the secret was posted', async () => {
    const client = await tessera.createClient();
    const response = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: 'wrong',
    });
    expect(response.headers.get('www-authenticate')).toBeNull();
    await expectOAuthError(response, 401, 'invalid_client');
  });

  it('invalid_client when no client authentication is sent', async () => {
    await expectOAuthError(
      await postForm(tokenUrl, { grant_type: 'client_credentials' }),
      401,
      'invalid_client',
    );
  });

  for (const grantType of [
    'password',
    'implicit',
    'token',
    'urn:ietf:params:oauth:grant-type:jwt-bearer',
    'urn:ietf:params:oauth:grant-type:token-exchange',
    'made_up',
  ]) {
    it(`unsupported_grant_type for grant_type=${grantType}`, async () => {
      const response = await postForm(
        tokenUrl,
        { grant_type: grantType, username: 'u', password: 'p' },
        {
          authorization: auth,
        },
      );
      await expectOAuthError(response, 400, 'unsupported_grant_type');
    });
  }

  it('invalid_request when grant_type is missing', async () => {
    await expectOAuthError(
      await postForm(tokenUrl, { scope: 'read' }, { authorization: auth }),
      400,
      'invalid_request',
    );
  });

  it('invalid_request when a parameter is repeated', async () => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
      body: 'grant_type=client_credentials&scope=read&scope=write',
    });
    await expectOAuthError(response, 400, 'invalid_request');
  });

  it('refuses control characters (a NUL byte) in parameters with invalid_request, not a server error', async () => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=a%00b&client_secret=x',
    });
    await expectOAuthError(response, 400, 'invalid_request');
  });

  it('refuses a body over the size bound with 413 invalid_request', async () => {
    const response = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials', scope: 'x'.repeat(70_000) },
      {
        authorization: auth,
      },
    );
    await expectOAuthError(response, 413, 'invalid_request');
  });

  it('refuses a JSON body with 415 invalid_request', async () => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    await expectOAuthError(response, 415, 'invalid_request');
  });

  it('refuses an unknown content type with 415 invalid_request', async () => {
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: auth },
      body: 'grant_type=client_credentials',
    });
    await expectOAuthError(response, 415, 'invalid_request');
  });

  it('unauthorized_client when the client may not use the grant', async () => {
    // A client_credentials-only client presenting an authorization code.
    const response = await postForm(
      tokenUrl,
      { grant_type: 'authorization_code', code: 'x', code_verifier: 'y' },
      {
        authorization: auth,
      },
    );
    await expectOAuthError(response, 400, 'unauthorized_client');
  });

  it('answers successful token responses with Cache-Control: no-store and Pragma: no-cache', async () => {
    const response = await postForm(tokenUrl, { grant_type: 'client_credentials' }, { authorization: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
  });

  it('never writes client secrets or tokens to the log', async () => {
    const client = await tessera.createClient();
    const good = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
    );
    const { access_token: token } = await good.json();
    await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: 'oops-secret-1',
    });
    await postForm(
      `${tessera.issuer}/oauth2/introspect`,
      { token },
      {
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
    );
    await postForm(
      `${tessera.issuer}/oauth2/revoke`,
      { token },
      {
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
    );
    const logs = tessera.logs();
    expect(logs).toContain('"path":"/oauth2/token"');
    expect(logs).not.toContain(client.clientSecret);
    expect(logs).not.toContain('oops-secret-1');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.split('.')[2]);
  });
});

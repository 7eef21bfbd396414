import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe('revocation (RFC 7009) and introspection (RFC 7662)', () => {
  let tessera: TestServer;
  let owner: { clientId: string; clientSecret: string };
  let resourceServer: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    tessera = await startTestServer();
    owner = await tessera.createClient();
    resourceServer = await tessera.createClient({ name: 'orders api' });
  });
  afterAll(() => tessera.cleanup());

  async function issueToken(): Promise<string> {
    const response = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(owner.clientId, owner.clientSecret),
      },
    );
    return (await response.json()).access_token;
  }

  const introspect = (token: string, as = resourceServer) =>
    postForm(
      `${tessera.issuer}/oauth2/introspect`,
      { token },
      { authorization: basicAuth(as.clientId, as.clientSecret) },
    );
  const revoke = (token: string, as = owner) =>
    postForm(
      `${tessera.issuer}/oauth2/revoke`,
      { token, token_type_hint: 'access_token' },
      {
        authorization: basicAuth(as.clientId, as.clientSecret),
      },
    );

  it('introspection reports an active token with its claims', async () => {
    const token = await issueToken();
    const response = await introspect(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({
      active: true,
      client_id: owner.clientId,
      sub: owner.clientId,
      scope: 'read write',
      aud: 'https://api.example.com',
      iss: tessera.issuer,
      token_type: 'Bearer',
    });
    expect(body.exp - body.iat).toBe(900);
  });

  it('introspection refuses unauthenticated callers with 401 invalid_client', async () => {
    const response = await postForm(`${tessera.issuer}/oauth2/introspect`, { token: await issueToken() });
    expect(response.status).toBe(401);
    expect((await response.json()).error).toBe('invalid_client');
  });

  it('introspection reports garbage, and a token signed by someone else, as inactive', async () => {
    expect(await (await introspect('not-a-token')).json()).toEqual({ active: false });
    const token = await issueToken();
    const [header, payload] = token.split('.');
    const tampered = `${header}.${payload}.${Buffer.alloc(256, 1).toString('base64url')}`;
    expect(await (await introspect(tampered)).json()).toEqual({ active: false });
  });

  it('a revoked token is reported inactive by introspection', async () => {
    const token = await issueToken();
    const revoked = await revoke(token);
    expect(revoked.status).toBe(200);
    expect(await (await introspect(token)).json()).toEqual({ active: false });
    // Revoking again is harmless.
    expect((await revoke(token)).status).toBe(200);
  });

  it('revoking an unknown or malformed token answers 200 (RFC 7009 §2.2)', async () => {
    expect((await revoke('definitely-not-a-token')).status).toBe(200);
  });

  it('a client cannot revoke a token issued to another client', async () => {
    const token = await issueToken();
    const response = await revoke(token, resourceServer);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('unauthorized_client');
    expect((await (await introspect(token)).json()).active).toBe(true);
  });

  it('revocation requires client authentication', async () => {
    const response = await postForm(`${tessera.issuer}/oauth2/revoke`, { token: await issueToken() });
    expect(response.status).toBe(401);
  });

  it('revocation and introspection require the token parameter', async () => {
    const response = await postForm(
      `${tessera.issuer}/oauth2/revoke`,
      {},
      {
        authorization: basicAuth(owner.clientId, owner.clientSecret),
      },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_request');
  });
});

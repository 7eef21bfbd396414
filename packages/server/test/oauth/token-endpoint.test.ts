import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe('token endpoint: client_credentials', () => {
  let tessera: TestServer;
  let tokenUrl: string;
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    tessera = await startTestServer();
    const metadata = await (await fetch(`${tessera.issuer}/.well-known/openid-configuration`)).json();
    tokenUrl = metadata.token_endpoint;
    client = await tessera.createClient({ resources: ['https://billing.example.com'] });
  });
  afterAll(() => tessera.cleanup());

  const requestToken = (params: Record<string, string> = {}) =>
    postForm(
      tokenUrl,
      { grant_type: 'client_credentials', ...params },
      {
        authorization: basicAuth(client.clientId, client.clientSecret),
      },
    );

  it('issues an RFC 9068 access token that jose verifies against the served JWKS', async () => {
    const response = await requestToken({ scope: 'read' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'read' });

    const metadata = await (await fetch(`${tessera.issuer}/.well-known/openid-configuration`)).json();
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(body.access_token, jwks, {
      issuer: tessera.issuer,
      audience: 'https://api.example.com',
      typ: 'at+jwt',
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(protectedHeader.kid).toBe(tessera.server.keyRing.signingKey().kid);
    expect(payload.exp).toBe((payload.iat as number) + 900);
    expect(payload).toMatchObject({ sub: client.clientId, client_id: client.clientId, scope: 'read' });
    expect(typeof payload.jti).toBe('string');
  });

  it('grants all of the client scopes when none are requested', async () => {
    const body = await (await requestToken()).json();
    expect(body.scope).toBe('read write');
  });

  it('refuses a scope the client was not given with invalid_scope', async () => {
    const response = await requestToken({ scope: 'read admin' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_scope');
  });

  it('sets aud from an allowed RFC 8707 resource parameter', async () => {
    const body = await (await requestToken({ resource: 'https://billing.example.com' })).json();
    const [, payload] = body.access_token.split('.');
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString()).aud).toBe('https://billing.example.com');
  });

  it('refuses a resource the client may not use with invalid_target', async () => {
    const response = await requestToken({ resource: 'https://other.example.com' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_target');
  });

  it('uses the per-client access token lifetime', async () => {
    const shortLived = await tessera.createClient({ accessTokenTtlSeconds: 120 });
    const response = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(shortLived.clientId, shortLived.clientSecret),
      },
    );
    const body = await response.json();
    expect(body.expires_in).toBe(120);
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(120);
    expect(decodeProtectedHeader(body.access_token).typ).toBe('at+jwt');
  });
});

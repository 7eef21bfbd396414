import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('openid-client, a real OAuth client library, against Tessera', () => {
  let tessera: TestServer;

  beforeAll(async () => {
    tessera = await startTestServer();
  });
  afterAll(() => tessera.cleanup());

  it('discovers the server and gets a client_credentials token', async () => {
    const { clientId, clientSecret } = await tessera.createClient();
    const config = await oidc.discovery(new URL(tessera.issuer), clientId, clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    expect(config.serverMetadata().token_endpoint).toBe(`${tessera.issuer}/oauth2/token`);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read' });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('read');
    expect(tokens.expiresIn()).toBeGreaterThan(890);
    expect(tokens.access_token.split('.')).toHaveLength(3);
  });

  it('authenticates with client_secret_post when told to', async () => {
    const { clientId, clientSecret } = await tessera.createClient();
    const config = await oidc.discovery(
      new URL(tessera.issuer),
      clientId,
      undefined,
      oidc.ClientSecretPost(clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const tokens = await oidc.clientCredentialsGrant(config, { resource: 'https://api.example.com' });
    expect(tokens.access_token).toBeTruthy();
  });

  it('revokes and introspects through the library', async () => {
    const { clientId, clientSecret } = await tessera.createClient();
    const config = await oidc.discovery(new URL(tessera.issuer), clientId, clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const { access_token: token } = await oidc.clientCredentialsGrant(config);
    expect((await oidc.tokenIntrospection(config, token)).active).toBe(true);
    await oidc.tokenRevocation(config, token);
    expect((await oidc.tokenIntrospection(config, token)).active).toBe(false);
  });
});

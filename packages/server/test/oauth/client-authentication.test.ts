import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('client authentication', () => {
  let tessera: TestServer;
  let tokenUrl: string;
  let secretClient: { clientId: string; clientSecret: string };
  let jwtClientId: string;
  let privateKey: CryptoKey;

  beforeAll(async () => {
    tessera = await startTestServer();
    tokenUrl = `${tessera.issuer}/oauth2/token`;
    secretClient = await tessera.createClient();
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    jwtClientId = (await tessera.createClient({ authMethod: 'private_key_jwt', jwks: { keys: [publicJwk] } }))
      .clientId;
  });
  afterAll(() => tessera.cleanup());

  function assertion(
    overrides: { aud?: string; exp?: number; jti?: string; key?: CryptoKey; sub?: string } = {},
  ) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ jti: overrides.jti ?? randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(jwtClientId)
      .setSubject(overrides.sub ?? jwtClientId)
      .setAudience(overrides.aud ?? tessera.issuer)
      .setIssuedAt(now)
      .setExpirationTime(overrides.exp ?? now + 60)
      .sign(overrides.key ?? privateKey);
  }

  const withAssertion = (clientAssertion: string) =>
    postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_assertion_type: JWT_BEARER,
      client_assertion: clientAssertion,
    });

  async function errorOf(response: Response): Promise<string> {
    return (await response.json()).error;
  }

  it('client_secret_basic authenticates', async () => {
    const response = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials' },
      {
        authorization: basicAuth(secretClient.clientId, secretClient.clientSecret),
      },
    );
    expect(response.status).toBe(200);
  });

  it('client_secret_basic decodes form-urlencoded credentials (RFC 6749 §2.3.1)', async () => {
    // encodeURIComponent in basicAuth encodes '-' and '_' as themselves; '+' in a secret must survive too.
    const header = `Basic ${Buffer.from(`${secretClient.clientId}:${encodeURIComponent(secretClient.clientSecret)}`).toString('base64')}`;
    const response = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials' },
      { authorization: header },
    );
    expect(response.status).toBe(200);
  });

  it('two Authorization headers are invalid_request, whichever comes first, at the token and userinfo endpoints', async () => {
    const good = basicAuth(secretClient.clientId, secretClient.clientSecret);
    for (const [path, values] of [
      ['/oauth2/token', [good, basicAuth(secretClient.clientId, 'wrong')]],
      ['/oauth2/token', [basicAuth('someone-else', 'x'), good]],
      ['/oauth2/userinfo', ['Bearer a', 'Bearer b']],
    ] as const) {
      const answer = await postWithRepeatedAuthorization(`${tessera.issuer}${path}`, [...values]);
      expect(answer).toEqual({
        status: 400,
        body: { error: 'invalid_request', error_description: 'send at most one Authorization header' },
      });
    }
  });

  it('client_secret_post authenticates', async () => {
    const response = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: secretClient.clientId,
      client_secret: secretClient.clientSecret,
    });
    expect(response.status).toBe(200);
  });

  it('a secret in both the Authorization header and the body is invalid_client', async () => {
    const response = await postForm(
      tokenUrl,
      {
        grant_type: 'client_credentials',
        client_id: secretClient.clientId,
        client_secret: secretClient.clientSecret,
      },
      { authorization: basicAuth(secretClient.clientId, secretClient.clientSecret) },
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('a body client_id that differs from the Basic one is invalid_client', async () => {
    const response = await postForm(
      tokenUrl,
      { grant_type: 'client_credentials', client_id: jwtClientId },
      {
        authorization: basicAuth(secretClient.clientId, secretClient.clientSecret),
      },
    );
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('private_key_jwt authenticates with an assertion signed by a registered key', async () => {
    const response = await withAssertion(await assertion());
    expect(response.status).toBe(200);
    const body = await response.json();
    const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.client_id).toBe(jwtClientId);
  });

  it('private_key_jwt accepts the token endpoint URL as audience', async () => {
    expect((await withAssertion(await assertion({ aud: tokenUrl }))).status).toBe(200);
  });

  it('a replayed private_key_jwt assertion is invalid_client', async () => {
    const once = await assertion();
    expect((await withAssertion(once)).status).toBe(200);
    const replay = await withAssertion(once);
    expect(replay.status).toBe(401);
    expect(await errorOf(replay)).toBe('invalid_client');
  });

  it('concurrent uses of one assertion: exactly one succeeds', async () => {
    const once = await assertion();
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => withAssertion(once)))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(7);
  });

  it('an expired private_key_jwt assertion is invalid_client', async () => {
    const response = await withAssertion(await assertion({ exp: Math.floor(Date.now() / 1000) - 120 }));
    expect(response.status).toBe(401);
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('a private_key_jwt assertion for another audience is invalid_client', async () => {
    const response = await withAssertion(await assertion({ aud: 'https://other-idp.example.com' }));
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('a private_key_jwt assertion whose aud is an array is invalid_client (audience injection)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const injected = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(jwtClientId)
      .setSubject(jwtClientId)
      .setAudience([tessera.issuer, 'https://other-idp.example.com'])
      .setExpirationTime(now + 60)
      .sign(privateKey);
    expect(await errorOf(await withAssertion(injected))).toBe('invalid_client');
  });

  it('a private_key_jwt assertion living longer than five minutes is invalid_client', async () => {
    const response = await withAssertion(await assertion({ exp: Math.floor(Date.now() / 1000) + 3600 }));
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('a private_key_jwt assertion signed by an unregistered key is invalid_client', async () => {
    const stranger = await generateKeyPair('ES256');
    const response = await withAssertion(await assertion({ key: stranger.privateKey }));
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('an HS256 assertion keyed with the client secret (client_secret_jwt) is invalid_client', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(secretClient.clientId)
      .setSubject(secretClient.clientId)
      .setAudience(tessera.issuer)
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(secretClient.clientSecret));
    const response = await withAssertion(forged);
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('a secret client may not authenticate with an assertion, nor a private_key_jwt client with a secret', async () => {
    const response = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_id: jwtClientId,
      client_secret: 'anything',
    });
    expect(await errorOf(response)).toBe('invalid_client');
  });

  it('a wrong client_assertion_type is invalid_client', async () => {
    const response = await postForm(tokenUrl, {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
      client_assertion: await assertion(),
    });
    expect(await errorOf(response)).toBe('invalid_client');
  });
});

/** A client_credentials POST with the Authorization header sent once per value (fetch would join them into one). */
function postWithRepeatedAuthorization(url: string, authorizations: string[]) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const sent = request(url, { method: 'POST' }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
    });
    sent.setHeader('authorization', authorizations);
    sent.setHeader('content-type', 'application/x-www-form-urlencoded');
    sent.on('error', reject);
    sent.end('grant_type=client_credentials');
  });
}

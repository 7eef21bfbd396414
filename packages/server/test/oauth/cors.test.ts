import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainCode, signedInBrowser } from '../support/code-flow.js';
import type { FormBrowser } from '../support/form-browser.js';
import { APP_REDIRECT_URI, createTestUser } from '../support/sign-in-fixtures.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

// Client A: a public SPA; its redirect URI gives it SPA_A, and it lists ADMIN_A explicitly (--allowed-origin).
const SPA_A = new URL(APP_REDIRECT_URI).origin;
const ADMIN_A = 'http://localhost:5173';
// Client B: another public SPA, on its own origin.
const B_REDIRECT_URI = 'https://spa-b.example.com/callback';
const SPA_B = 'https://spa-b.example.com';
// Client C: a confidential client with a browser console.
const CONSOLE_C = 'https://console-c.example.com';
const UNKNOWN = 'https://evil.example.net';

const PER_CLIENT_PATHS = ['/oauth2/token', '/oauth2/userinfo', '/oauth2/revoke', '/oauth2/introspect'];
const OPEN_PATHS = [
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
];

function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

describe('CORS for browser apps', () => {
  let tessera: TestServer;
  let browser: FormBrowser;
  let user: { id: string };
  let clientA: { clientId: string };
  let clientB: { clientId: string };
  let clientC: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    tessera = await startTestServer();
    user = await createTestUser(tessera);
    const spa = { grantTypes: ['authorization_code', 'refresh_token'], scopes: [], public: true };
    clientA = await tessera.createClient({
      ...spa,
      name: 'SPA A',
      redirectUris: [APP_REDIRECT_URI],
      allowedOrigins: [ADMIN_A],
    });
    clientB = await tessera.createClient({ ...spa, name: 'SPA B', redirectUris: [B_REDIRECT_URI] });
    clientC = await tessera.createClient({ name: 'console', allowedOrigins: [CONSOLE_C] });
    browser = await signedInBrowser(tessera);
  });
  afterAll(() => tessera.cleanup());

  const url = (path: string) => `${tessera.issuer}${path}`;
  const preflight = (path: string, origin: string, method = 'POST') =>
    fetch(url(path), {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization',
      },
    });
  const fromOrigin = (origin: string, headers: Record<string, string> = {}) => ({ origin, ...headers });

  async function tokensForA(origin = SPA_A) {
    const { code, verifier } = await obtainCode(tessera, browser, clientA.clientId);
    const response = await postForm(
      url('/oauth2/token'),
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: APP_REDIRECT_URI,
        client_id: clientA.clientId,
        code_verifier: verifier,
      },
      fromOrigin(origin),
    );
    return { response, body: await response.json() };
  }

  it('answers a preflight from an origin a client registered, by redirect URI or explicitly, on every endpoint', async () => {
    for (const path of PER_CLIENT_PATHS) {
      for (const origin of [SPA_A, ADMIN_A, CONSOLE_C]) {
        const response = await preflight(path, origin);
        expect(response.status).toBe(204);
        expect(corsHeaders(response)).toEqual({
          'access-control-allow-origin': origin,
          'access-control-allow-methods': path === '/oauth2/userinfo' ? 'GET, POST' : 'POST',
          'access-control-allow-headers': 'Authorization, Content-Type',
          'access-control-max-age': '3600',
        });
        expect(response.headers.get('vary')).toBe('Origin');
      }
    }
  });

  it('gives a preflight from an origin no client registered no CORS headers, so the browser refuses', async () => {
    for (const path of PER_CLIENT_PATHS) {
      for (const origin of [UNKNOWN, 'null', `${SPA_A}:8443`, SPA_A.replace('https:', 'http:')]) {
        const response = await preflight(path, origin);
        expect(response.status).toBe(204);
        expect(corsHeaders(response)).toEqual({});
        expect(response.headers.get('vary')).toBe('Origin');
      }
    }
    // An OPTIONS that is no preflight just says what the endpoint supports (RFC 9110 §9.3.7).
    const plain = await fetch(url('/oauth2/token'), { method: 'OPTIONS', headers: { origin: SPA_A } });
    expect(plain.status).toBe(204);
    expect(plain.headers.get('allow')).toBe('POST, OPTIONS');
    expect(corsHeaders(plain)).toEqual({});
  });

  it("lets the SPA's origin read its code exchange, refresh, userinfo and revocation, never with * or credentials", async () => {
    const exchanged = await tokensForA();
    expect(exchanged.response.status).toBe(200);
    expect(exchanged.body.refresh_token).toEqual(expect.any(String));
    expect(corsHeaders(exchanged.response)).toEqual({
      'access-control-allow-origin': SPA_A,
      'access-control-expose-headers': 'WWW-Authenticate, Retry-After',
    });
    expect(exchanged.response.headers.get('vary')).toBe('Origin');

    // From the origin it lists explicitly too.
    const refreshed = await postForm(
      url('/oauth2/token'),
      {
        grant_type: 'refresh_token',
        refresh_token: exchanged.body.refresh_token,
        client_id: clientA.clientId,
      },
      fromOrigin(ADMIN_A),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('access-control-allow-origin')).toBe(ADMIN_A);
    const { access_token: accessToken, refresh_token: refreshToken } = await refreshed.json();

    const userinfo = await fetch(url('/oauth2/userinfo'), {
      headers: fromOrigin(SPA_A, { authorization: `Bearer ${accessToken}` }),
    });
    expect(userinfo.status).toBe(200);
    expect(userinfo.headers.get('access-control-allow-origin')).toBe(SPA_A);
    expect((await userinfo.json()).sub).toBe(user.id);

    const revoked = await postForm(
      url('/oauth2/revoke'),
      { token: refreshToken, client_id: clientA.clientId },
      fromOrigin(SPA_A),
    );
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get('access-control-allow-origin')).toBe(SPA_A);
    for (const response of [exchanged.response, refreshed, userinfo, revoked]) {
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('lets the client origin read error answers too, so the app can tell invalid_grant from a network failure', async () => {
    const spent = await postForm(
      url('/oauth2/token'),
      {
        grant_type: 'authorization_code',
        code: 'not-a-code',
        redirect_uri: APP_REDIRECT_URI,
        client_id: clientA.clientId,
        code_verifier: 'v'.repeat(43),
      },
      fromOrigin(SPA_A),
    );
    expect(spent.status).toBe(400);
    expect((await spent.json()).error).toBe('invalid_grant');
    expect(spent.headers.get('access-control-allow-origin')).toBe(SPA_A);

    // An expired or missing token at userinfo names no client: the bare challenge is readable by registered origins.
    for (const authorization of [undefined, 'Bearer not.a.token']) {
      const userinfo = await fetch(url('/oauth2/userinfo'), {
        headers: fromOrigin(SPA_A, authorization ? { authorization } : {}),
      });
      expect(userinfo.status).toBe(401);
      expect(userinfo.headers.get('access-control-allow-origin')).toBe(SPA_A);
      expect(userinfo.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    }
    const unknown = await fetch(url('/oauth2/userinfo'), { headers: fromOrigin(UNKNOWN) });
    expect(unknown.status).toBe(401);
    expect(corsHeaders(unknown)).toEqual({});
  });

  it("refuses client B's code exchange from an origin only client A allows, before the code is spent", async () => {
    const { code, verifier } = await obtainCode(tessera, browser, clientB.clientId, {
      redirect_uri: B_REDIRECT_URI,
    });
    const redeem = (origin: string) =>
      postForm(
        url('/oauth2/token'),
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: B_REDIRECT_URI,
          client_id: clientB.clientId,
          code_verifier: verifier,
        },
        fromOrigin(origin),
      );
    for (const origin of [SPA_A, UNKNOWN]) {
      const refused = await redeem(origin);
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toBe('invalid_request');
      expect(corsHeaders(refused)).toEqual({});
    }
    // The refused requests did not spend it: B's own origin redeems the code.
    const redeemed = await redeem(SPA_B);
    expect(redeemed.status).toBe(200);
    expect(redeemed.headers.get('access-control-allow-origin')).toBe(SPA_B);
  });

  it("refuses client A's refresh token and access token from client B's origin, and leaves them working", async () => {
    const { body } = await tokensForA();
    const refresh = (origin: string) =>
      postForm(
        url('/oauth2/token'),
        { grant_type: 'refresh_token', refresh_token: body.refresh_token, client_id: clientA.clientId },
        fromOrigin(origin),
      );
    const refused = await refresh(SPA_B);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toBe('invalid_request');
    expect(corsHeaders(refused)).toEqual({});

    const userinfo = await fetch(url('/oauth2/userinfo'), {
      headers: fromOrigin(SPA_B, { authorization: `Bearer ${body.access_token}` }),
    });
    expect(userinfo.status).toBe(400);
    expect((await userinfo.json()).error).toBe('invalid_request');
    expect(corsHeaders(userinfo)).toEqual({});

    // Not rotated by the refused request, so not a replay now (which would revoke the whole grant).
    expect((await refresh(SPA_A)).status).toBe(200);
  });

  it('lets only the origins of the client a failed authentication names read its invalid_client', async () => {
    const wrongSecret = (origin: string) =>
      postForm(
        url('/oauth2/introspect'),
        { token: 'x' },
        fromOrigin(origin, { authorization: basicAuth(clientC.clientId, 'wrong') }),
      );
    const own = await wrongSecret(CONSOLE_C);
    expect(own.status).toBe(401);
    expect((await own.json()).error).toBe('invalid_client');
    expect(own.headers.get('access-control-allow-origin')).toBe(CONSOLE_C);
    const other = await wrongSecret(SPA_A);
    expect(other.status).toBe(401);
    expect(corsHeaders(other)).toEqual({});
  });

  it('answers introspection to the confidential client on its own origin, and to servers (no Origin) as before', async () => {
    const introspect = (origin?: string) =>
      postForm(
        url('/oauth2/introspect'),
        { token: 'not-a-token' },
        {
          ...(origin === undefined ? {} : { origin }),
          authorization: basicAuth(clientC.clientId, clientC.clientSecret),
        },
      );
    const own = await introspect(CONSOLE_C);
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ active: false });
    expect(own.headers.get('access-control-allow-origin')).toBe(CONSOLE_C);
    const other = await introspect(SPA_A);
    expect(other.status).toBe(400);
    expect((await other.json()).error).toBe('invalid_request');
    expect(corsHeaders(other)).toEqual({});
    const server = await introspect();
    expect(server.status).toBe(200);
    expect(corsHeaders(server)).toEqual({});
  });

  it('lets any origin read discovery and the JWKS, preflight included, without credentials', async () => {
    for (const path of OPEN_PATHS) {
      const response = await fetch(url(path), { headers: fromOrigin(UNKNOWN) });
      expect(response.status).toBe(200);
      expect(corsHeaders(response)).toEqual({ 'access-control-allow-origin': '*' });
      const answered = await preflight(path, UNKNOWN, 'GET');
      expect(answered.status).toBe(204);
      expect(corsHeaders(answered)).toEqual({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET',
        'access-control-allow-headers': '*',
        'access-control-max-age': '3600',
      });
    }
  });
});

import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, obtainCode, pkcePair, redeemCode, signedInBrowser } from '../support/code-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import {
  APP_LOGOUT_URI,
  APP_REDIRECT_URI,
  createTestUser,
  createWebApp,
} from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe('authorization endpoint and code flow: RFC 9700 attacks are refused', () => {
  let tessera: TestServer;
  let app: { clientId: string; clientSecret: string };
  let browser: FormBrowser;
  const clock = new TestClock(Date.now());

  beforeAll(async () => {
    tessera = await startTestServer({ clock });
    await createTestUser(tessera);
    app = await createWebApp(tessera);
    browser = await signedInBrowser(tessera);
  });
  afterAll(() => tessera.cleanup());

  const base = () => ({
    client_id: app.clientId,
    redirect_uri: APP_REDIRECT_URI,
    response_type: 'code',
    scope: 'openid',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    state: 'xyz',
  });

  function redirectParams(location: string | null): URLSearchParams {
    expect(location).toBeTruthy();
    const url = new URL(location as string);
    expect(`${url.origin}${url.pathname}`).toBe(APP_REDIRECT_URI);
    return url.searchParams;
  }

  describe('redirect_uri must match exactly, else an error page and never a redirect', () => {
    for (const variant of [
      'https://app.example.com/callback/',
      'https://app.example.com/callback?extra=1',
      'https://app.example.com/callback#frag',
      'https://APP.example.com/callback',
      'https://app.example.com/Callback',
      'https://app.example.com@evil.example/callback',
      'https://app.example.com/callback/../callback',
      'http://app.example.com/callback',
      'https%3A%2F%2Fapp.example.com%2Fcallback',
      'https://app.example.com/%63allback',
      'https://evil.example/callback',
    ]) {
      it(`refuses redirect_uri=${variant}`, async () => {
        const response = await browser.request(authorizeUrl(tessera, { ...base(), redirect_uri: variant }));
        expect(response.status).toBe(400);
        expect(response.location).toBeNull();
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect(response.body).toContain('invalid_redirect_uri');
      });
    }

    it('refuses a missing redirect_uri with an error page', async () => {
      const response = await browser.request(authorizeUrl(tessera, { ...base(), redirect_uri: undefined }));
      expect(response.status).toBe(400);
      expect(response.location).toBeNull();
    });
  });

  it('an unknown client_id gets an error page, never a redirect', async () => {
    const response = await browser.request(authorizeUrl(tessera, { ...base(), client_id: 'no-such-client' }));
    expect(response.status).toBe(400);
    expect(response.location).toBeNull();
    expect(response.body).toContain('invalid_client');
  });

  describe('PKCE', () => {
    it('no code_challenge is invalid_request at the redirect_uri', async () => {
      const response = await browser.request(authorizeUrl(tessera, { ...base(), code_challenge: undefined }));
      expect(redirectParams(response.location).get('error')).toBe('invalid_request');
    });

    it('code_challenge_method=plain is invalid_request', async () => {
      const response = await browser.request(
        authorizeUrl(tessera, { ...base(), code_challenge_method: 'plain' }),
      );
      expect(redirectParams(response.location).get('error')).toBe('invalid_request');
    });

    it('a missing code_challenge_method (which means plain) is invalid_request', async () => {
      const response = await browser.request(
        authorizeUrl(tessera, { ...base(), code_challenge_method: undefined }),
      );
      expect(redirectParams(response.location).get('error')).toBe('invalid_request');
    });

    it('a missing code_verifier is invalid_request', async () => {
      const { code } = await obtainCode(tessera, browser, app.clientId);
      const response = await redeemCode(tessera, app, code, undefined);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toBe('invalid_request');
    });

    it('a wrong code_verifier is invalid_grant', async () => {
      const { code } = await obtainCode(tessera, browser, app.clientId);
      const response = await redeemCode(tessera, app, code, pkcePair().verifier);
      expect((await response.json()).error).toBe('invalid_grant');
    });

    it('a downgrade is impossible: without a challenge no code is issued for a verifier to be sent against', async () => {
      const response = await browser.request(authorizeUrl(tessera, { ...base(), code_challenge: undefined }));
      const params = redirectParams(response.location);
      expect(params.get('code')).toBeNull();
      expect(params.get('error')).toBe('invalid_request');
    });
  });

  describe('authorization codes', () => {
    it('a code redeemed twice is invalid_grant, and every token issued from it is revoked', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const first = await (await redeemCode(tessera, app, code, verifier)).json();
      expect(first.access_token).toBeTruthy();
      const second = await redeemCode(tessera, app, code, verifier);
      expect(second.status).toBe(400);
      expect((await second.json()).error).toBe('invalid_grant');
      const introspection = await postForm(
        `${tessera.issuer}/oauth2/introspect`,
        { token: first.access_token },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );
      expect(await introspection.json()).toEqual({ active: false });
      const refresh = await postForm(
        `${tessera.issuer}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: first.refresh_token },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );
      expect((await refresh.json()).error).toBe('invalid_grant');
    });

    it('a code redeemed by another client is invalid_grant', async () => {
      const other = await createWebApp(tessera);
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const response = await redeemCode(tessera, other, code, verifier);
      expect((await response.json()).error).toBe('invalid_grant');
    });

    it('a code redeemed after its 60 second lifetime is invalid_grant', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      clock.advanceSeconds(61);
      try {
        const response = await redeemCode(tessera, app, code, verifier);
        expect((await response.json()).error).toBe('invalid_grant');
      } finally {
        clock.advanceSeconds(-61);
      }
    });

    it('a code redeemed with a different redirect_uri is invalid_grant', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const response = await redeemCode(tessera, app, code, verifier, 'https://app.example.com/other');
      expect((await response.json()).error).toBe('invalid_grant');
    });

    it("a replay racing the first redemption still revokes the winner's tokens", async () => {
      for (let round = 0; round < 5; round++) {
        const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
        const responses = await Promise.all(
          Array.from({ length: 4 }, () => redeemCode(tessera, app, code, verifier)),
        );
        const winner = responses.find((r) => r.status === 200);
        expect(winner).toBeDefined();
        const { access_token: token } = await (winner as Response).json();
        const introspection = await postForm(
          `${tessera.issuer}/oauth2/introspect`,
          { token },
          {
            authorization: basicAuth(app.clientId, app.clientSecret),
          },
        );
        expect(await introspection.json()).toEqual({ active: false });
      }
    });

    it('of N concurrent redemptions of one code exactly one succeeds', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => redeemCode(tessera, app, code, verifier)),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 400)).toHaveLength(7);
    });
  });

  describe('refresh tokens', () => {
    const refresh = (token: string) =>
      postForm(
        `${tessera.issuer}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: token },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );

    it('of N concurrent uses of one refresh token exactly one succeeds', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      const responses = await Promise.all(Array.from({ length: 6 }, () => refresh(tokens.refresh_token)));
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    });

    it('a refresh token replayed after rotation is invalid_grant and revokes the whole family', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      const rotated = await (await refresh(tokens.refresh_token)).json();
      expect(rotated.refresh_token).toBeTruthy();
      const replay = await refresh(tokens.refresh_token);
      expect((await replay.json()).error).toBe('invalid_grant');
      expect((await (await refresh(rotated.refresh_token)).json()).error).toBe('invalid_grant');
      const introspection = await postForm(
        `${tessera.issuer}/oauth2/introspect`,
        { token: rotated.access_token },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );
      expect(await introspection.json()).toEqual({ active: false });
    });

    it('revoking a refresh token at the revocation endpoint revokes its grant (RFC 7009 §2.1)', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      const revoked = await postForm(
        `${tessera.issuer}/oauth2/revoke`,
        { token: tokens.refresh_token, token_type_hint: 'refresh_token' },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );
      expect(revoked.status).toBe(200);
      expect((await (await refresh(tokens.refresh_token)).json()).error).toBe('invalid_grant');
      const introspection = await postForm(
        `${tessera.issuer}/oauth2/introspect`,
        { token: tokens.access_token },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );
      expect(await introspection.json()).toEqual({ active: false });
    });

    it('another client cannot revoke a refresh token it does not own', async () => {
      const other = await createWebApp(tessera);
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      const response = await postForm(
        `${tessera.issuer}/oauth2/revoke`,
        { token: tokens.refresh_token },
        {
          authorization: basicAuth(other.clientId, other.clientSecret),
        },
      );
      expect((await response.json()).error).toBe('unauthorized_client');
      expect((await refresh(tokens.refresh_token)).status).toBe(200);
    });

    it('a refresh may narrow the scope but never widen it', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId, {
        scope: 'openid profile offline_access',
      });
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      const wider = await postForm(
        `${tessera.issuer}/oauth2/token`,
        {
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
          scope: 'openid offline_access orders:read',
        },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );
      expect((await wider.json()).error).toBe('invalid_scope');
      const narrower = await postForm(
        `${tessera.issuer}/oauth2/token`,
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, scope: 'openid offline_access' },
        {
          authorization: basicAuth(app.clientId, app.clientSecret),
        },
      );
      expect(narrower.status).toBe(200);
      expect((await narrower.json()).scope).toBe('openid offline_access');
    });
  });

  describe('authorization responses', () => {
    it('echoes state byte for byte, long values too, and always includes iss (RFC 9207)', async () => {
      const state = `${'a'.repeat(1500)} &=+/%?#<>"'é✓`;
      const { callback } = await obtainCode(tessera, browser, app.clientId, { state });
      expect(callback.searchParams.get('state')).toBe(state);
      expect(callback.searchParams.get('iss')).toBe(tessera.issuer);
    });

    it('echoes a long state byte for byte through the sign-in and consent round trip', async () => {
      const state = `${'é'.repeat(1500)}&x=<y>`;
      const fresh = new FormBrowser(tessera.issuer);
      const { challenge } = pkcePair();
      const login = await fresh.follow(
        authorizeUrl(tessera, { ...base(), code_challenge: challenge, state }),
      );
      let page = await fresh.submit(login, {
        email: 'ann@example.com',
        password: 'correct horse battery staple',
      });
      if (page.body.includes('action="/oauth2/consent"'))
        page = await fresh.submit(page, { decision: 'allow' });
      expect(redirectParams(page.location).get('state')).toBe(state);
    });

    it('includes iss in error responses too', async () => {
      const response = await browser.request(authorizeUrl(tessera, { ...base(), code_challenge: undefined }));
      expect(redirectParams(response.location).get('iss')).toBe(tessera.issuer);
    });

    it('puts the nonce into the ID token', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId, { nonce: 'n-0S6_WzA2Mj' });
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      expect(decodeJwt(tokens.id_token).nonce).toBe('n-0S6_WzA2Mj');
    });

    for (const responseType of ['token', 'id_token', 'id_token token', 'code id_token', 'code token']) {
      it(`response_type=${responseType} is unsupported_response_type`, async () => {
        const response = await browser.request(
          authorizeUrl(tessera, { ...base(), response_type: responseType }),
        );
        expect(redirectParams(response.location).get('error')).toBe('unsupported_response_type');
      });
    }
  });

  describe('pages cannot be framed and their forms cannot be forged', () => {
    it('the login, consent and error pages refuse framing', async () => {
      const fresh = new FormBrowser(tessera.issuer);
      const login = await fresh.follow('/login');
      const consentApp = await createWebApp(tessera);
      const consent = await browser.follow(
        authorizeUrl(tessera, { ...base(), client_id: consentApp.clientId }),
      );
      expect(consent.body).toContain('action="/oauth2/consent"');
      const error = await fresh.request(authorizeUrl(tessera, { ...base(), client_id: 'nope' }));
      for (const page of [login, consent, error]) {
        expect(page.headers.get('x-frame-options')).toBe('DENY');
        expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
      }
    });

    it('a login POST without the CSRF token is 403', async () => {
      const fresh = new FormBrowser(tessera.issuer);
      await fresh.follow('/login');
      const response = await fresh.request('/login', { form: { email: 'ann@example.com', password: 'x' } });
      expect(response.status).toBe(403);
    });

    it('a login POST with a wrong CSRF token is 403', async () => {
      const fresh = new FormBrowser(tessera.issuer);
      await fresh.follow('/login');
      const response = await fresh.request('/login', {
        form: { csrf_token: 'A'.repeat(43), email: 'a@b.c', password: 'x' },
      });
      expect(response.status).toBe(403);
    });

    it('a cross-site POST to login, consent and logout is 403 even with the right token', async () => {
      const fresh = new FormBrowser(tessera.issuer);
      const login = await fresh.follow('/login');
      const token = /name="csrf_token" value="([^"]+)"/.exec(login.body)?.[1] as string;
      for (const path of ['/login', '/oauth2/consent', '/oauth2/logout/confirm']) {
        const response = await fresh.request(path, {
          form: { csrf_token: token, email: 'ann@example.com', password: 'x', decision: 'allow' },
          headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        });
        expect(response.status).toBe(403);
      }
    });

    it('a consent POST without the CSRF token is 403', async () => {
      const response = await browser.request('/oauth2/consent', {
        form: { decision: 'allow', return_to: '/oauth2/authorize?x=1' },
      });
      expect(response.status).toBe(403);
    });
  });

  describe('logout', () => {
    it('signing out from the home page asks to confirm, then ends the session', async () => {
      const someone = await signedInBrowser(tessera);
      const home = await someone.request('/');
      expect(home.body).toContain('You are signed in');
      const ask = await someone.submit(home, {});
      expect(ask.body).toContain('Sign out?');
      const done = await someone.submit(ask, {});
      expect(done.body).toContain('You are signed out');
      expect((await someone.request('/')).body).not.toContain('You are signed in');
    });

    it("an app's cross-site POST with an id_token_hint ends that session, though it carries no session cookie", async () => {
      const someone = await signedInBrowser(tessera);
      const { code, verifier } = await obtainCode(tessera, someone, app.clientId);
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      // Browsers send no SameSite=Lax cookie with a cross-site POST: a browser without cookies stands for it.
      const appPage = new FormBrowser(tessera.issuer);
      const response = await appPage.request('/oauth2/logout', {
        form: { id_token_hint: tokens.id_token, post_logout_redirect_uri: APP_LOGOUT_URI, state: 's2' },
      });
      expect(response.location).toBe(`${APP_LOGOUT_URI}?state=s2`);
      expect((await someone.request('/')).body).not.toContain('You are signed in');
    });

    it('an access token offered as id_token_hint is refused with an error page', async () => {
      const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      const response = await browser.request(
        `/oauth2/logout?id_token_hint=${tokens.access_token}&post_logout_redirect_uri=${encodeURIComponent(APP_LOGOUT_URI)}`,
      );
      expect(response.status).toBe(400);
      expect(response.location).toBeNull();
    });

    it('the logout confirmation refuses a missing CSRF token and cannot be framed', async () => {
      const someone = await signedInBrowser(tessera);
      const ask = await someone.request(`/oauth2/logout?client_id=${app.clientId}`);
      expect(ask.headers.get('x-frame-options')).toBe('DENY');
      expect(ask.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const forged = await someone.request('/oauth2/logout/confirm', {
        form: { post_logout_redirect_uri: '' },
      });
      expect(forged.status).toBe(403);
    });

    it('an unregistered post_logout_redirect_uri gets an error page, never a redirect', async () => {
      const response = await browser.request(
        `/oauth2/logout?client_id=${app.clientId}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/bye')}`,
      );
      expect(response.status).toBe(400);
      expect(response.location).toBeNull();
    });

    it('without an id_token_hint of this session, logout asks first, then returns to a registered URI', async () => {
      const someone = await signedInBrowser(tessera);
      const ask = await someone.request(
        `/oauth2/logout?client_id=${app.clientId}&post_logout_redirect_uri=${encodeURIComponent(APP_LOGOUT_URI)}&state=s1`,
      );
      expect(ask.status).toBe(200);
      expect(ask.body).toContain('Sign out?');
      const done = await someone.submit(ask, {});
      expect(done.location).toBe(`${APP_LOGOUT_URI}?state=s1`);
      const home = await someone.request('/');
      expect(home.body).not.toContain('You are signed in');
    });

    it('a cross-site POST with an expired id_token_hint ends no session', async () => {
      const someone = await signedInBrowser(tessera);
      const { code, verifier } = await obtainCode(tessera, someone, app.clientId);
      const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
      // The ID token lives an hour; the session, kept busy, outlives it.
      for (const minutes of [20, 20, 21]) {
        clock.advanceSeconds(minutes * 60);
        expect((await someone.request('/')).body).toContain('You are signed in');
      }
      await new FormBrowser(tessera.issuer).request('/oauth2/logout', {
        form: { id_token_hint: tokens.id_token },
      });
      expect((await someone.request('/')).body).toContain('You are signed in');
    });
  });
});

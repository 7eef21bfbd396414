import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormBrowser } from '../support/form-browser.js';
import {
  APP_LOGOUT_URI,
  APP_REDIRECT_URI,
  createTestUser,
  createWebApp,
  PASSWORD,
} from '../support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('openid-client: authorization code flow with PKCE against Tessera', () => {
  let tessera: TestServer;
  let user: { id: string };

  beforeAll(async () => {
    tessera = await startTestServer();
    user = await createTestUser(tessera);
  });
  afterAll(() => tessera.cleanup());

  async function discover(clientId: string, clientSecret?: string) {
    return oidc.discovery(
      new URL(tessera.issuer),
      clientId,
      clientSecret,
      clientSecret ? undefined : oidc.None(),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
  }

  /** Signs in through the login form and consents, as a browser would; returns the callback URL with the code. */
  async function authorize(
    config: oidc.Configuration,
    params: Record<string, string>,
    browser = new FormBrowser(tessera.issuer),
  ) {
    const url = oidc.buildAuthorizationUrl(config, params);
    let page = await browser.follow(url.toString());
    if (page.body.includes('action="/login"'))
      page = await browser.submit(page, { email: 'ann@example.com', password: PASSWORD });
    if (page.body.includes('action="/oauth2/consent"'))
      page = await browser.submit(page, { decision: 'allow' });
    expect(page.location).toMatch(/^https:\/\/app\.example\.com\/callback\?/);
    return { callback: new URL(page.location as string), browser };
  }

  it('signs in, consents, exchanges the code, validates the ID token, refreshes with rotation, reads userinfo and logs out', async () => {
    const app = await createWebApp(tessera);
    const config = await discover(app.clientId, app.clientSecret);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const { callback, browser } = await authorize(config, {
      redirect_uri: APP_REDIRECT_URI,
      scope: 'openid profile email offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    expect(callback.searchParams.get('iss')).toBe(tessera.issuer);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      sub: user.id,
      nonce,
      email: 'ann@example.com',
      name: 'Ann Example',
      amr: ['pwd'],
    });
    expect(typeof claims?.auth_time).toBe('number');
    expect(typeof claims?.sid).toBe('string');
    expect(tokens.refresh_token).toBeTruthy();

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(userinfo).toMatchObject({
      sub: user.id,
      email: 'ann@example.com',
      email_verified: true,
      given_name: 'Ann',
    });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // Reuse of the rotated token revoked the whole family, the newest refresh token included.
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    const logoutUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: APP_LOGOUT_URI,
      state: 'bye',
    });
    const loggedOut = await browser.request(logoutUrl.toString());
    expect(loggedOut.status).toBe(303);
    expect(loggedOut.location).toBe(`${APP_LOGOUT_URI}?state=bye`);
    const afterLogout = await browser.request(
      oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: APP_REDIRECT_URI,
          scope: 'openid',
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          prompt: 'none',
        })
        .toString(),
    );
    expect(new URL(afterLogout.location as string).searchParams.get('error')).toBe('login_required');
  });

  it('a public client completes the flow with PKCE alone', async () => {
    const app = await createWebApp(tessera, { public: true });
    const config = await discover(app.clientId);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const { callback } = await authorize(config, {
      redirect_uri: APP_REDIRECT_URI,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier });
    expect(tokens.claims()?.sub).toBe(user.id);
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('a first-party client skips the consent screen', async () => {
    const app = await createWebApp(tessera, { firstParty: true });
    const config = await discover(app.clientId, app.clientSecret);
    const browser = new FormBrowser(tessera.issuer);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: APP_REDIRECT_URI,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const login = await browser.follow(url.toString());
    const afterLogin = await browser.submit(login, { email: 'ann@example.com', password: PASSWORD });
    expect(afterLogin.body).not.toContain('/oauth2/consent');
    expect(afterLogin.location).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);
  });
});

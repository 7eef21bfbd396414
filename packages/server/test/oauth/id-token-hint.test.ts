// OIDC Core §3.1.2.1: id_token_hint names the user the client expects; the authorization endpoint must not ignore it.
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeUrl, obtainCode, pkcePair, redeemCode, signedInBrowser } from '../support/code-flow.js';
import type { FormBrowser } from '../support/form-browser.js';
import { APP_REDIRECT_URI, createTestUser, createWebApp } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe('id_token_hint on the authorization endpoint', () => {
  let tessera: TestServer;
  let app: { clientId: string; clientSecret: string };
  const clock = new TestClock(Date.now());

  beforeAll(async () => {
    tessera = await startTestServer({ clock });
    await createTestUser(tessera, 'ann@example.com');
    await createTestUser(tessera, 'bob@example.com');
    app = await createWebApp(tessera);
  });
  afterAll(() => tessera.cleanup());

  /** A browser signed in as `email` that has already consented to the app, with that sign-in's ID token. */
  async function consentedBrowser(email: string): Promise<{ browser: FormBrowser; idToken: string }> {
    const browser = await signedInBrowser(tessera, email);
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId, { scope: 'openid' });
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
    return { browser, idToken: tokens.id_token as string };
  }

  /** Silent authorization (prompt=none) with the hint; returns the redirect's parameters. */
  async function silently(browser: FormBrowser, hint: string, clientId = app.clientId) {
    const response = await browser.request(
      authorizeUrl(tessera, {
        client_id: clientId,
        redirect_uri: APP_REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        prompt: 'none',
        state: 'silent',
        id_token_hint: hint,
      }),
    );
    expect(response.status).toBe(303);
    const callback = new URL(response.location ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(APP_REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('silent');
    expect(callback.searchParams.get('iss')).toBe(tessera.issuer);
    return callback.searchParams;
  }

  it("the session's own ID token as hint gets a code with prompt=none", async () => {
    const { browser, idToken } = await consentedBrowser('ann@example.com');
    expect((await silently(browser, idToken)).get('code')).toEqual(expect.any(String));
  });

  it('with prompt=none, a hint that is not an ID token of this issuer for this client is invalid_request', async () => {
    const { browser, idToken } = await consentedBrowser('ann@example.com');
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString());
    // Same claims and kid, but signed with someone else's key.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: decodeProtectedHeader(idToken).kid })
      .sign(privateKey);
    // One of our access tokens (typ at+jwt), not an ID token.
    const client = await tessera.createClient();
    const issued = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'client_credentials' },
      { authorization: basicAuth(client.clientId, client.clientSecret) },
    );
    const accessToken = (await issued.json()).access_token as string;
    const tampered = `${idToken.slice(0, -4)}AAAA`;
    for (const hint of ['not-a-jwt', forged, accessToken, tampered]) {
      const params = await silently(browser, hint);
      expect({ error: params.get('error'), code: params.get('code') }).toEqual({
        error: 'invalid_request',
        code: null,
      });
    }
  });

  it("with prompt=none, another client's ID token is invalid_request too (its audience is not this client)", async () => {
    const { browser, idToken } = await consentedBrowser('ann@example.com');
    const other = await createWebApp(tessera, { firstParty: true });
    expect((await silently(browser, idToken, other.clientId)).get('error')).toBe('invalid_request');
  });

  it('with prompt=none, a valid hint naming another user than the session is login_required', async () => {
    const { idToken: annsToken } = await consentedBrowser('ann@example.com');
    const { browser: bobs } = await consentedBrowser('bob@example.com');
    const params = await silently(bobs, annsToken);
    expect({ error: params.get('error'), code: params.get('code') }).toEqual({
      error: 'login_required',
      code: null,
    });
  });

  it('without prompt=none, a hint naming another user sends the browser to sign in as them', async () => {
    const { idToken: annsToken } = await consentedBrowser('ann@example.com');
    const { browser: bobs } = await consentedBrowser('bob@example.com');
    const response = await bobs.request(
      authorizeUrl(tessera, {
        client_id: app.clientId,
        redirect_uri: APP_REDIRECT_URI,
        response_type: 'code',
        scope: 'openid',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
        id_token_hint: annsToken,
      }),
    );
    expect(response.location).toMatch(/^\/login\?return_to=/);
  });

  it('an expired ID token of ours is still a hint: without a session, prompt=none is login_required', async () => {
    const { browser, idToken } = await consentedBrowser('ann@example.com');
    // Past the ID token's hour and the session's idle limit.
    clock.advanceSeconds(2 * 3600);
    expect((await silently(browser, idToken)).get('error')).toBe('login_required');
  });
});

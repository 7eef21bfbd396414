import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenHash } from '../../src/tokens/id-token.js';
import { authorizeUrl, obtainCode, pkcePair, redeemCode, signedInBrowser } from '../support/code-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import { APP_REDIRECT_URI, createTestUser, createWebApp, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('OpenID Connect features', () => {
  let tessera: TestServer;
  let app: { clientId: string; clientSecret: string };
  const clock = new TestClock(Date.now());

  beforeAll(async () => {
    tessera = await startTestServer({ clock });
    await createTestUser(tessera);
    app = await createWebApp(tessera);
  });
  afterAll(() => tessera.cleanup());

  const request = (extra: Record<string, string | undefined> = {}) =>
    authorizeUrl(tessera, {
      client_id: app.clientId,
      redirect_uri: APP_REDIRECT_URI,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      ...extra,
    });

  it('discovery advertises the code flow and only what is implemented', async () => {
    const metadata = await (await fetch(`${tessera.issuer}/.well-known/openid-configuration`)).json();
    expect(metadata).toMatchObject({
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: [
        'client_credentials',
        'authorization_code',
        'refresh_token',
        'urn:ietf:params:oauth:grant-type:device_code',
      ],
      device_authorization_endpoint: `${tessera.issuer}/oauth2/device_authorization`,
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      authorization_endpoint: `${tessera.issuer}/oauth2/authorize`,
      userinfo_endpoint: `${tessera.issuer}/oauth2/userinfo`,
      end_session_endpoint: `${tessera.issuer}/oauth2/logout`,
    });
    expect(metadata.grant_types_supported).not.toContain('password');
    expect(metadata.grant_types_supported).not.toContain('implicit');
    expect(metadata.introspection_endpoint_auth_methods_supported).not.toContain('none');
    const rfc8414 = await (await fetch(`${tessera.issuer}/.well-known/oauth-authorization-server`)).json();
    expect(rfc8414).toEqual(metadata);
  });

  it('ID tokens are RS256 with kid and carry at_hash, auth_time, amr, acr, sid and azp', async () => {
    const browser = await signedInBrowser(tessera);
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId, {
      scope: 'openid email',
      nonce: 'abc',
    });
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
    const jwks = createRemoteJWKSet(new URL(`${tessera.issuer}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer: tessera.issuer,
      audience: app.clientId,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(protectedHeader.kid).toBeTruthy();
    expect(payload).toMatchObject({
      at_hash: accessTokenHash(tokens.access_token, 'RS256'),
      amr: ['pwd'],
      acr: 'urn:tessera:acr:pwd',
      azp: app.clientId,
      nonce: 'abc',
      email: 'ann@example.com',
      email_verified: true,
    });
    expect(typeof payload.sid).toBe('string');
    expect(payload.auth_time).toBeLessThanOrEqual(payload.iat as number);
    expect(payload).not.toHaveProperty('name');
  });

  it('at_hash is the left half of the SHA-256 of the access token (OIDC Core §3.1.3.6 example)', () => {
    // The example in OpenID Connect Core §A.3 (RS256): access token and at_hash from the spec.
    expect(accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe(
      '77QmUPtjPfzWtF2AnpK9RQ',
    );
  });

  it('prompt=none with a session but without consent answers consent_required', async () => {
    const browser = await signedInBrowser(tessera);
    const fresh = await createWebApp(tessera);
    const response = await browser.request(
      request({ client_id: fresh.clientId, prompt: 'none', state: 'q' }),
    );
    const params = new URL(response.location as string).searchParams;
    expect(params.get('error')).toBe('consent_required');
    expect(params.get('state')).toBe('q');
  });

  it('prompt=login asks for the password again even with a session', async () => {
    const browser = await signedInBrowser(tessera);
    const response = await browser.request(request({ prompt: 'login' }));
    expect(response.location).toMatch(/^\/login\?return_to=/);
    expect(decodeURIComponent(response.location as string)).not.toContain('prompt=login');
  });

  it('max_age sends a user whose sign-in is older back to the login page', async () => {
    const browser = await signedInBrowser(tessera);
    clock.advanceSeconds(120);
    const response = await browser.request(request({ max_age: '60' }));
    expect(response.location).toMatch(/^\/login\?return_to=/);
    const recent = await browser.request(request({ max_age: '600' }));
    expect(recent.location ?? 'consent page').not.toMatch(/^\/login/);
  });

  it('max_age=0 asks for a new sign-in even within the second of the last one (OIDC Core errata: as prompt=login)', async () => {
    const firstParty = await createWebApp(tessera, { firstParty: true });
    const browser = await signedInBrowser(tessera);
    // The clock has not moved since the sign-in: auth_time is this very second.
    const response = await browser.request(request({ client_id: firstParty.clientId, max_age: '0' }));
    expect(response.location).toMatch(/^\/login\?return_to=/);
  });

  it('the sign-in that prompt=login or max_age=0 forces answers that request at once, with its auth_time, and only that one', async () => {
    const firstParty = await createWebApp(tessera, { firstParty: true });
    for (const forcing of [{ prompt: 'login' }, { max_age: '0' }, { prompt: 'login', max_age: '0' }]) {
      const browser = await signedInBrowser(tessera);
      clock.advanceSeconds(30);
      const { verifier, challenge } = pkcePair();
      const login = await browser.follow(
        request({ client_id: firstParty.clientId, code_challenge: challenge, state: 'again', ...forcing }),
      );
      expect(new URL(login.url).pathname).toBe('/login');
      const signedInAt = Math.floor(clock.now() / 1000);
      const done = await browser.submit(login, { email: 'ann@example.com', password: PASSWORD });
      const callback = new URL(done.location ?? '', APP_REDIRECT_URI);
      expect(`${callback.origin}${callback.pathname}`).toBe(APP_REDIRECT_URI);
      expect(callback.searchParams.get('state')).toBe('again');
      const tokens = await (
        await redeemCode(tessera, firstParty, callback.searchParams.get('code') ?? '', verifier)
      ).json();
      const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
      expect(claims.auth_time).toBe(signedInAt);
      // The app asking again, still within the second of that sign-in, gets a new sign-in again.
      const again = await browser.request(request({ client_id: firstParty.clientId, ...forcing }));
      expect(again.location).toMatch(/^\/login\?return_to=/);
    }
  });

  it('after the sign-in max_age asked for, the code comes even if the sign-in is slow to follow the redirect', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const login = await browser.follow(request({ max_age: '0', state: 'slow' }));
    const hidden = (name: string) =>
      (new RegExp(`name="${name}" value="([^"]*)"`).exec(login.body)?.[1] ?? '').replace(/&amp;/g, '&');
    // The sign-in is posted, and its redirect followed only a few seconds later.
    const signedIn = await browser.request('/login', {
      form: {
        csrf_token: hidden('csrf_token'),
        return_to: hidden('return_to'),
        email: 'ann@example.com',
        password: PASSWORD,
      },
    });
    expect(signedIn.location).toMatch(/^\/oauth2\/authorize\?/);
    expect(signedIn.location).not.toContain('max_age');
    clock.advanceSeconds(5);
    let page = await browser.follow(signedIn.location ?? '');
    if (page.body.includes('action="/oauth2/consent"'))
      page = await browser.submit(page, { decision: 'allow' });
    expect(new URL(page.location ?? '', APP_REDIRECT_URI).searchParams.get('code')).toEqual(
      expect.any(String),
    );
  });

  it('refuses an authorization request that repeats any parameter it reads', async () => {
    for (const name of [
      'code_challenge_method',
      'prompt',
      'max_age',
      'response_mode',
      'login_hint',
      'state',
    ]) {
      const url = `${request({ [name]: name === 'max_age' ? '600' : 'S256' })}&${name}=other`;
      const response = await new FormBrowser(tessera.issuer).request(url);
      expect(response.status).toBe(400);
      expect(response.body).toContain(`The ${name} parameter appears more than once.`);
    }
  });

  it('the sign-in page takes a repeated return_to as none, rather than failing', async () => {
    const page = await fetch(
      `${tessera.issuer}/login?return_to=${encodeURIComponent(request())}&return_to=/x`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="return_to" value="/"');
  });

  it('login_hint fills in the email field', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const page = await browser.follow(request({ login_hint: 'ann@example.com' }));
    expect(page.body).toContain('value="ann@example.com"');
    expect(page.body).toContain('Example App');
  });

  it('remembers consent per user and client: the second authorization skips the consent screen', async () => {
    const browser = await signedInBrowser(tessera);
    const consentApp = await createWebApp(tessera);
    await obtainCode(tessera, browser, consentApp.clientId, { scope: 'openid profile' });
    const again = await browser.request(request({ client_id: consentApp.clientId, scope: 'openid profile' }));
    expect(again.location).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);
    const more = await browser.request(
      request({ client_id: consentApp.clientId, scope: 'openid profile email' }),
    );
    expect(more.status).toBe(200);
    expect(more.body).toContain('See your email address');
  });

  it('denying consent returns access_denied to the app', async () => {
    const browser = await signedInBrowser(tessera);
    const denyApp = await createWebApp(tessera);
    const page = await browser.follow(request({ client_id: denyApp.clientId, state: 'd' }));
    const denied = await browser.submit(page, { decision: 'deny' });
    const params = new URL(denied.location as string).searchParams;
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('state')).toBe('d');
  });

  it('a disabled user cannot sign in and their session stops working', async () => {
    const user = await createTestUser(tessera, 'carol@example.com');
    const browser = await signedInBrowser(tessera, 'carol@example.com');
    await tessera.runtime.stores.users.disable(user.id, Math.floor(clock.now() / 1000));
    const response = await browser.request(request({ prompt: 'none', state: 'z' }));
    expect(new URL(response.location as string).searchParams.get('error')).toBe('login_required');
  });

  it('userinfo refuses a missing token with 401 and a Bearer challenge, and a token without openid with 403', async () => {
    const missing = await fetch(`${tessera.issuer}/oauth2/userinfo`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    const bad = await fetch(`${tessera.issuer}/oauth2/userinfo`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const browser = await signedInBrowser(tessera);
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId, { scope: 'orders:read' });
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
    const noOpenid = await fetch(`${tessera.issuer}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(noOpenid.status).toBe(403);
    expect(noOpenid.headers.get('www-authenticate')).toContain('insufficient_scope');
  });
});

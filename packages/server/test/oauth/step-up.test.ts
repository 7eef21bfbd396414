// Step-up authentication over HTTP (RFC 9470, OIDC Core acr_values/max_age): a password-only session asked for two
// factors gets the TOTP prompt and keeps its sign-in time; a person without a second factor for an app created with
// --require-mfa sets TOTP up and comes back to the app; an old elevation is asked again; a level Tessera cannot reach
// is unmet_authentication_requirements. ID and access tokens carry acr, amr and auth_time, and refresh keeps them.
import { decodeJwt } from 'jose';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SecondFactorDependencies } from '../../src/accounts/mfa/second-factor-dependencies.js';
import { totpCode } from '../../src/accounts/mfa/totp.js';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../src/accounts/mfa/totp-enrolment.js';
import type { User } from '../../src/accounts/user.js';
import { epochSeconds } from '../../src/clock.js';
import { authorizeUrl, pkcePair, redeemCode } from '../support/code-flow.js';
import { type BrowserResponse, FormBrowser } from '../support/form-browser.js';
import { APP_REDIRECT_URI, createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

const MFA = 'urn:tessera:acr:mfa';
const PWD = 'urn:tessera:acr:pwd';

describe('step-up authentication', () => {
  let tessera: TestServer;
  let clock: TestClock;
  let deps: SecondFactorDependencies;
  let app: { clientId: string; clientSecret: string };
  let strictApp: { clientId: string; clientSecret: string };
  let nextAccount = 0;

  beforeAll(async () => {
    clock = new TestClock(Date.UTC(2026, 0, 1, 12, 0, 15));
    tessera = await startTestServer({ clock });
    deps = { stores: tessera.runtime.stores, box: tessera.runtime.secretBox(), clock };
    const webApp = {
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: [],
      redirectUris: [APP_REDIRECT_URI],
      firstParty: true,
    };
    app = await tessera.createClient({ name: 'Example App', ...webApp });
    strictApp = await tessera.createClient({ name: 'Payroll', ...webApp, requireMfa: true });
  });
  afterAll(() => tessera.cleanup());
  // Each test's codes are of a step no earlier test used.
  beforeEach(() => clock.advanceSeconds(60));

  const codeFor = (secret: string) => totpCode(Secret.fromBase32(secret), epochSeconds(clock));

  /** Turns TOTP on for `user` as another browser would, leaving this test's sessions as they are. */
  async function turnTotpOn(user: User): Promise<string> {
    const elsewhere = { user, session: { authTime: epochSeconds(clock) } };
    const { secret } = await startTotpEnrolment(deps, { issuerName: 'tessera' }, elsewhere);
    await confirmTotpEnrolment(deps, elsewhere, codeFor(secret));
    clock.advanceSeconds(30);
    return secret;
  }

  async function signIn(email: string): Promise<FormBrowser> {
    const browser = new FormBrowser(tessera.issuer);
    const done = await browser.submit(await browser.follow('/login'), { email, password: PASSWORD });
    if (!done.body.includes('You are signed in')) throw new Error(`sign-in: ${done.status} ${done.url}`);
    return browser;
  }

  function authorize(browser: FormBrowser, clientId: string, extra: Record<string, string> = {}) {
    const pkce = pkcePair();
    const url = authorizeUrl(tessera, {
      client_id: clientId,
      redirect_uri: APP_REDIRECT_URI,
      response_type: 'code',
      scope: 'openid offline_access',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
      state: 'st',
      ...extra,
    });
    return { verifier: pkce.verifier, page: browser.follow(url) };
  }

  const callbackOf = (page: BrowserResponse) => new URL(page.location ?? 'about:blank');

  async function tokensFor(client: typeof app, page: BrowserResponse, verifier: string) {
    const code = callbackOf(page).searchParams.get('code');
    if (!code) throw new Error(`no code: ${page.status} ${page.location}`);
    const response = await redeemCode(tessera, client, code, verifier);
    expect(response.status).toBe(200);
    return (await response.json()) as { id_token: string; access_token: string; refresh_token: string };
  }

  const sessionOf = async (userId: string) =>
    tessera.runtime.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();

  it('acr_values=urn:tessera:acr:mfa takes a password-only session with TOTP to the code, then issues acr mfa', async () => {
    const email = `step-up-${nextAccount++}@example.com`;
    const user = await createTestUser(tessera, email);
    const browser = await signIn(email);
    const signedInAt = epochSeconds(clock);
    const secret = await turnTotpOn(user);

    // Without acr_values the password is enough, and says so.
    const plain = authorize(browser, app.clientId);
    const plainTokens = await tokensFor(app, await plain.page, plain.verifier);
    expect(decodeJwt(plainTokens.id_token)).toMatchObject({ acr: PWD, amr: ['pwd'], auth_time: signedInAt });

    clock.advanceSeconds(60);
    const { verifier, page } = authorize(browser, app.clientId, { acr_values: MFA });
    const prompt = await page;
    expect(new URL(prompt.url).pathname).toBe('/login/second-factor');
    expect(new URL(prompt.url).searchParams.get('return_to')).toContain(
      'acr_values=urn%3Atessera%3Aacr%3Amfa',
    );
    const steppedUpAt = epochSeconds(clock);
    const callback = await browser.submit(prompt, { code: codeFor(secret) });
    expect(callback.location?.startsWith(APP_REDIRECT_URI)).toBe(true);

    // The same session, its sign-in time kept, its second factor's time recorded apart.
    const session = await sessionOf(user.id);
    expect({ authTime: Number(session.auth_time), secondFactorAt: Number(session.second_factor_at) }).toEqual(
      {
        authTime: signedInAt,
        secondFactorAt: steppedUpAt,
      },
    );
    expect(JSON.parse(session.amr)).toEqual(['pwd', 'otp', 'mfa']);

    const tokens = await tokensFor(app, callback, verifier);
    expect(decodeJwt(tokens.id_token)).toMatchObject({
      acr: MFA,
      amr: ['pwd', 'otp', 'mfa'],
      auth_time: signedInAt,
    });
    // RFC 9470 §3: the access token says it too.
    expect(decodeJwt(tokens.access_token)).toMatchObject({ acr: MFA, auth_time: signedInAt });

    // A refresh authenticates no one: the same acr and auth_time, later.
    clock.advanceSeconds(600);
    const refreshed = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      { authorization: basicAuth(app.clientId, app.clientSecret) },
    );
    expect(refreshed.status).toBe(200);
    const refreshedAccess = decodeJwt(((await refreshed.json()) as { access_token: string }).access_token);
    expect(refreshedAccess).toMatchObject({ acr: MFA, auth_time: signedInAt });
    // And the password-only grant's refresh stays at the password level.
    const plainRefreshed = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: plainTokens.refresh_token },
      { authorization: basicAuth(app.clientId, app.clientSecret) },
    );
    const plainAccess = decodeJwt(((await plainRefreshed.json()) as { access_token: string }).access_token);
    expect(plainAccess).toMatchObject({ acr: PWD, auth_time: signedInAt });

    // Now the session meets the level: the next request goes straight to the app.
    const again = authorize(browser, app.clientId, { acr_values: MFA });
    expect((await again.page).location?.startsWith(APP_REDIRECT_URI)).toBe(true);
  });

  it('with prompt=none a step-up is interaction_required, sent back to the app', async () => {
    const email = `step-up-${nextAccount++}@example.com`;
    const user = await createTestUser(tessera, email);
    const browser = await signIn(email);
    await turnTotpOn(user);
    const { page } = authorize(browser, app.clientId, { acr_values: MFA, prompt: 'none' });
    const callback = callbackOf(await page);
    expect(callback.searchParams.get('error')).toBe('interaction_required');
    expect(callback.searchParams.get('state')).toBe('st');
  });

  it('a --require-mfa app takes a person without a second factor through TOTP set-up and back, with amr mfa', async () => {
    const email = `step-up-${nextAccount++}@example.com`;
    const user = await createTestUser(tessera, email);
    const browser = await signIn(email);
    const { verifier, page } = authorize(browser, strictApp.clientId);
    const needed = await page;
    expect(needed.status).toBe(200);
    expect(needed.body).toContain('Payroll needs two-factor sign-in');

    const enrolment = await browser.submit(needed, {});
    expect(new URL(enrolment.url).pathname).toBe('/account/totp');
    const secret = /id="totp-secret">([^<]+)</.exec(enrolment.body)?.[1]?.replace(/\s/g, '') ?? '';
    const codes = await browser.submit(enrolment, { code: codeFor(secret) });
    expect(codes.body).toContain('Two-factor sign-in is on.');
    const continueTo = /<a class="button" href="([^"]+)">I have saved them, continue/.exec(codes.body)?.[1];
    expect(continueTo?.startsWith('/oauth2/authorize?')).toBe(true);

    const callback = await browser.follow((continueTo as string).replace(/&amp;/g, '&'));
    const tokens = await tokensFor(strictApp, callback, verifier);
    const idToken = decodeJwt(tokens.id_token);
    expect(idToken.acr).toBe(MFA);
    expect(idToken.amr).toContain('mfa');
    expect(JSON.parse((await sessionOf(user.id)).amr)).toEqual(['pwd', 'otp', 'mfa']);
  });

  it('a --require-mfa app always gets amr with mfa: a person with TOTP is asked for the code at every new sign-in', async () => {
    const email = `step-up-${nextAccount++}@example.com`;
    const user = await createTestUser(tessera, email);
    const secret = await turnTotpOn(user);
    const browser = new FormBrowser(tessera.issuer);
    const { verifier, page } = authorize(browser, strictApp.clientId, { acr_values: PWD });
    const login = await page;
    const prompt = await browser.submit(login, { email, password: PASSWORD });
    expect(new URL(prompt.url).pathname).toBe('/login/second-factor');
    const callback = await browser.submit(prompt, { code: codeFor(secret) });
    const idToken = decodeJwt((await tokensFor(strictApp, callback, verifier)).id_token);
    expect(idToken.amr).toEqual(['pwd', 'otp', 'mfa']);
    // It asked for the password level, but the client's policy allows nothing weaker than two factors.
    expect(idToken.acr).toBe(MFA);
  });

  it('max_age with an elevation older than it asks for a new sign-in, with both factors', async () => {
    const email = `step-up-${nextAccount++}@example.com`;
    const user = await createTestUser(tessera, email);
    const secret = await turnTotpOn(user);
    const browser = new FormBrowser(tessera.issuer);
    const prompt = await browser.submit(await browser.follow('/login'), { email, password: PASSWORD });
    await browser.submit(prompt, { code: codeFor(secret) });
    const first = authorize(browser, app.clientId, { acr_values: MFA, max_age: '300' });
    expect((await first.page).location?.startsWith(APP_REDIRECT_URI)).toBe(true);

    clock.advanceSeconds(301);
    const { verifier, page } = authorize(browser, app.clientId, { acr_values: MFA, max_age: '300' });
    const login = await page;
    expect(new URL(login.url).pathname).toBe('/login');
    const again = await browser.submit(login, { email, password: PASSWORD });
    expect(new URL(again.url).pathname).toBe('/login/second-factor');
    const reauthenticatedAt = epochSeconds(clock);
    const callback = await browser.submit(again, { code: codeFor(secret) });
    const idToken = decodeJwt((await tokensFor(app, callback, verifier)).id_token);
    expect(idToken).toMatchObject({ acr: MFA, auth_time: reauthenticatedAt });
  });

  it('a level a password session cannot reach (a passkey one) or no one can is unmet_authentication_requirements', async () => {
    const email = `step-up-${nextAccount++}@example.com`;
    await createTestUser(tessera, email);
    const browser = await signIn(email);
    for (const acrValues of ['phr', 'urn:example:gold']) {
      const callback = callbackOf(await authorize(browser, app.clientId, { acr_values: acrValues }).page);
      expect(callback.searchParams.get('error')).toBe('unmet_authentication_requirements');
    }
  });

  it('discovery advertises the levels a sign-in can reach', async () => {
    const discovery = (await (await fetch(`${tessera.issuer}/.well-known/openid-configuration`)).json()) as {
      acr_values_supported: string[];
    };
    expect(discovery.acr_values_supported).toEqual([PWD, MFA, 'phr', 'phrh']);
  });
});

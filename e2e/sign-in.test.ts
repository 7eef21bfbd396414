// Signing in through Tessera's pages in a real browser (Debian's Chromium): login, consent, errors, framing, keyboard.
import type { Response } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  APP_REDIRECT_URI,
  createTestUser,
  createWebApp,
  PASSWORD,
} from '../packages/server/test/support/sign-in-fixtures.js';
import { jwtClaims, newAuthorizationRequest, redeemCode } from './support/authorization-request.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { startFramingSite } from './support/framing-page.js';
import { screenshot } from './support/screenshots.js';

const WRONG_PASSWORD = 'not the right password at all';

describe.runIf(chromiumAvailable())('signing in with a browser', () => {
  const fixture = useBrowserFixture();
  const { heading, appCallback } = fixture;
  let user: { id: string };

  beforeAll(async () => {
    user = await createTestUser(fixture.tessera);
  });

  /** A new third-party app for each test, so every test starts without a remembered consent. */
  async function newApp() {
    const { tessera } = fixture;
    const app = await createWebApp(tessera);
    return { app, request: newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI) };
  }

  const alerts = () => fixture.page.getByRole('alert').allInnerTexts();

  /** Fills in and submits the login form with the mouse; resolves with the answer to the form's POST. */
  async function submitLogin(email: string, password: string): Promise<Response> {
    const { page } = fixture;
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    const [response] = await Promise.all([
      page.waitForResponse(isLoginPost),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await page.waitForLoadState();
    return response;
  }

  it('signs in, consents, and the app receives a code it redeems for an access token and an ID token', async () => {
    const { tessera, page, context } = fixture;
    const { app, request } = await newApp();
    await page.goto(request.url);
    expect(await heading()).toBe('Sign in');
    expect(await page.locator('.lead').textContent()).toBe('to continue to Example App');

    await submitLogin('ann@example.com', PASSWORD);
    expect(await heading()).toBe('Allow Example App?');
    await page.getByRole('button', { name: 'Allow' }).click();

    const callback = await appCallback();
    expect(`${callback.origin}${callback.pathname}`).toBe(APP_REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('iss')).toBe(tessera.issuer);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const tokens = await redeemCode(
      tessera.issuer,
      app,
      APP_REDIRECT_URI,
      code as string,
      request.codeVerifier,
    );
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      id_token: expect.any(String),
    });
    expect(jwtClaims(tokens.body.id_token as string)).toMatchObject({
      iss: tessera.issuer,
      aud: app.clientId,
      sub: user.id,
      nonce: request.nonce,
    });
    // The browser kept the __Host- session cookie, Secure included, on http://127.0.0.1 (a trustworthy origin).
    const session = (await context.cookies(tessera.issuer)).find((c) => c.name === '__Host-tessera-session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
  });

  it('a wrong password and an unknown account show the same error, so the page does not reveal which accounts exist', async () => {
    const { page } = fixture;
    const { request } = await newApp();
    const attempt = async (email: string) => {
      await page.goto(request.url);
      const response = await submitLogin(email, WRONG_PASSWORD);
      return {
        status: response.status(),
        alerts: await alerts(),
        page: await page.locator('main').textContent(),
      };
    };

    const wrongPassword = await attempt('ann@example.com');
    const unknownAccount = await attempt('nobody@example.com');

    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.alerts).toEqual(['Incorrect email or password.']);
    expect(unknownAccount).toEqual(wrongPassword);
    // The form is shown again with the email kept, ready for another try.
    expect(await page.locator('#email').inputValue()).toBe('nobody@example.com');
    expect(await page.locator('#password').inputValue()).toBe('');
  });

  it('prompt=none while signed out sends login_required back to the app without showing a page', async () => {
    const { tessera, page } = fixture;
    const app = await createWebApp(tessera);
    const request = newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI, {
      prompt: 'none',
    });
    await page.goto(request.url);

    const callback = new URL(page.url());
    expect(`${callback.origin}${callback.pathname}`).toBe(APP_REDIRECT_URI);
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe(request.state);
    expect(callback.searchParams.get('iss')).toBe(tessera.issuer);
    expect(callback.searchParams.has('code')).toBe(false);
  });

  it('another site cannot show the login page in a frame', async () => {
    const { tessera, page } = fixture;
    const { request } = await newApp();
    const authorize = new URL(request.url);
    const loginUrl = `${tessera.issuer}/login?${new URLSearchParams({ return_to: `${authorize.pathname}${authorize.search}` })}`;
    const site = await startFramingSite(loginUrl);
    try {
      const framedLogin = page.waitForResponse((r) => r.url().startsWith(`${tessera.issuer}/login?`));
      await page.goto(site.url);
      const headers = (await framedLogin).headers();

      expect(await heading()).toBe('Framing site');
      const frame = page.frames().find((f) => f !== page.mainFrame());
      expect(frame?.url()).toBe('chrome-error://chromewebdata/');
      expect(await frame?.$('#email')).toBeNull();
      expect(await frame?.$('#password')).toBeNull();
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['content-security-policy']).toMatch(/(^|;)\s*frame-ancestors 'none'\s*(;|$)/);
    } finally {
      await site.close();
    }
  });

  it('the login and consent forms can be completed with the keyboard alone', async () => {
    const { page } = fixture;
    const { request } = await newApp();
    const focused = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
    await page.goto(request.url);

    // The email field has autofocus: the user can type straight away.
    await page.waitForFunction(() => document.activeElement?.id === 'email');
    await page.keyboard.type('ann@example.com');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('password');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForResponse(isLoginPost), page.keyboard.press('Enter')]);
    await page.waitForLoadState();
    expect(await heading()).toBe('Allow Example App?');

    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Allow');
    await page.keyboard.press('Enter');
    const callback = await appCallback();
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe(request.state);
  });

  describe('pages as a user sees them (screenshots in e2e/screenshots)', () => {
    /** Screenshot first, so a failing check still leaves the page to look at. */
    const screenshotOf = (name: string) => screenshot(fixture.page, name);
    const styled = () =>
      fixture.page.evaluate(() => getComputedStyle(document.querySelector('main') as Element).maxWidth);

    it('the login page asks for email and password on behalf of the app', async () => {
      const { page } = fixture;
      const { request } = await newApp();
      const response = await page.goto(request.url);
      await screenshotOf('login');
      expect(response?.status()).toBe(200);
      expect(await page.title()).toBe('Sign in · Tessera');
      expect(await page.getByLabel('Email').isVisible()).toBe(true);
      expect(await page.getByLabel('Password').isVisible()).toBe(true);
      expect(await styled()).toBe('420px');
    });

    it('the login page with an error keeps the email and shows the error as an alert', async () => {
      const { page } = fixture;
      const { request } = await newApp();
      await page.goto(request.url);
      const response = await submitLogin('ann@example.com', WRONG_PASSWORD);
      await screenshotOf('login-error');
      expect(response.status()).toBe(401);
      expect(await heading()).toBe('Sign in');
      expect(await alerts()).toEqual(['Incorrect email or password.']);
      expect(await page.locator('#email').getAttribute('aria-describedby')).toBe('login-error');
      expect(await styled()).toBe('420px');
    });

    it('the consent page names the app, the account and what the app asks for', async () => {
      const { page } = fixture;
      const { request } = await newApp();
      await page.goto(request.url);
      await submitLogin('ann@example.com', PASSWORD);
      await screenshotOf('consent');
      expect(await heading()).toBe('Allow Example App?');
      expect(await page.locator('.lead').textContent()).toContain('Signed in as ann@example.com.');
      expect(await page.locator('ul.scopes li').count()).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: 'Allow' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Deny' }).isVisible()).toBe(true);
      expect(await styled()).toBe('420px');
    });

    it('an unknown client_id shows an error page and never leaves Tessera', async () => {
      const { tessera, page } = fixture;
      const request = newAuthorizationRequest(tessera.issuer, 'no-such-client', APP_REDIRECT_URI);
      const response = await page.goto(request.url);
      await screenshotOf('error-unknown-client');
      expect(response?.status()).toBe(400);
      expect(new URL(page.url()).origin).toBe(tessera.issuer);
      expect(await heading()).toBe('This sign-in link is not valid');
      expect(await page.locator('code').textContent()).toBe('invalid_client');
      expect(await styled()).toBe('420px');
    });
  });
});

function isLoginPost(response: Response): boolean {
  return response.request().method() === 'POST' && new URL(response.url()).pathname === '/login';
}

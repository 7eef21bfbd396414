// Creating an account from an app's sign-in page in a real browser (Debian's Chromium), and arriving back at the app
// with a code: directly (no mail configured) and through the emailed link (a real SMTP server receives it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_REDIRECT_URI, createWebApp } from '../packages/server/test/support/sign-in-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../packages/server/test/support/smtp-inbox.js';
import { startTestServer, type TestServer } from '../packages/server/test/support/test-server.js';
import { newAuthorizationRequest, redeemCode } from './support/authorization-request.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';

const CHOSEN = 'meadow lantern copper kite';

describe.runIf(chromiumAvailable())('signing up from an app in a browser', () => {
  // The fixture's server signs people up directly (no mail configured); `byEmail` sends them a link.
  const fixture = useBrowserFixture({ server: { env: { TESSERA_SIGNUP_ENABLED: 'true' } } });
  let byEmail: TestServer;
  let inbox: SmtpInbox;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    byEmail = await startTestServer({ env: { TESSERA_SIGNUP_ENABLED: 'true', TESSERA_SMTP_URL: inbox.url } });
  });
  afterAll(async () => {
    await byEmail?.cleanup();
    await inbox?.close();
  });

  /** Opens an app's authorization request: the browser lands on the sign-in page for that app. */
  async function openApp(tessera: TestServer) {
    const { page } = fixture;
    const app = await createWebApp(tessera);
    const request = newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI);
    await page.goto(request.url);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    return { app, request };
  }

  /** Consents, then checks that the app received a code for its own request and redeems it. */
  async function allowAndExpectCode(
    tessera: TestServer,
    app: { clientId: string; clientSecret: string },
    request: { state: string; codeVerifier: string },
  ) {
    const { page } = fixture;
    expect(await page.locator('h1').textContent()).toBe('Allow Example App?');
    await page.getByRole('button', { name: 'Allow' }).click();
    const callback = await fixture.appCallback();
    expect(`${callback.origin}${callback.pathname}`).toBe(APP_REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe(request.state);
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
    expect(tokens.body).toMatchObject({ access_token: expect.any(String), id_token: expect.any(String) });
  }

  it('"Create one", then the sign-in page for the app with the email filled in, then back at the app with a code', async () => {
    const { tessera: direct, page } = fixture;
    const { app, request } = await openApp(direct);
    await page.getByRole('link', { name: 'Create one' }).click();
    expect(await page.locator('h1').textContent()).toBe('Create an account');
    await page.getByLabel('Name').fill('New Person');
    await page.getByLabel('Email').fill('newcomer@example.com');
    await page.getByLabel('Password', { exact: true }).fill(CHOSEN);
    await page.getByLabel('Password again').fill(CHOSEN);
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('return_to'));
    await screenshot(page, 'signed-up-sign-in');
    expect(await page.getByRole('status').textContent()).toContain('the account is ready');
    expect(await page.locator('.lead').first().textContent()).toBe('to continue to Example App');
    expect(await page.getByLabel('Email').inputValue()).toBe('newcomer@example.com');
    await page.getByLabel('Password').fill(CHOSEN);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await allowAndExpectCode(direct, app, request);
  });

  it('"Create one" by email: the emailed link, the password, and back at the app with a code', async () => {
    const { page } = fixture;
    const { app, request } = await openApp(byEmail);
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.getByLabel('Email').fill('by.mail@example.com');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.waitForURL((url) => url.pathname === '/signup' && url.searchParams.get('sent') === '1');
    expect(await page.getByRole('status').textContent()).toContain('a link to finish creating the account');

    await byEmail.server.backgroundMail?.idle();
    const mail = inbox.messages.find((m) => m.to.includes('by.mail@example.com'));
    const link = /(http:\/\/\S+\/signup\/complete\?token=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();
    // The person opens the link in the same browser, as from a mail client.
    await page.goto(link as string);
    expect(page.url()).toBe(`${byEmail.issuer}/signup/complete`);
    await page.getByLabel('Password', { exact: true }).fill(CHOSEN);
    await page.getByLabel('Password again').fill(CHOSEN);
    await page.getByRole('button', { name: 'Create the account' }).click();

    await allowAndExpectCode(byEmail, app, request);
  });
});

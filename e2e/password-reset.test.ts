// "Forgot your password?" in a real browser (Debian's Chromium), with a real SMTP server receiving the link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_REDIRECT_URI,
  createTestUser,
  createWebApp,
  PASSWORD,
} from '../packages/server/test/support/sign-in-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../packages/server/test/support/smtp-inbox.js';
import { newAuthorizationRequest } from './support/authorization-request.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { screenshot } from './support/screenshots.js';

const NEW_PASSWORD = 'harbour pencil juniper rain';

describe.runIf(chromiumAvailable())('resetting a forgotten password in a browser', () => {
  let inbox: SmtpInbox;
  // Each test in a fresh browser: the second one must not find the first one's sign-in.
  const fixture = useBrowserFixture({
    server: async () => {
      inbox = await startSmtpInbox();
      return { env: { TESSERA_SMTP_URL: inbox.url } };
    },
  });

  beforeAll(async () => {
    await createTestUser(fixture.tessera, 'forgetful@example.com');
  });
  afterAll(async () => {
    await inbox?.close();
  });

  it('asks for the link from the sign-in page, follows it from the email and signs in with the new password', async () => {
    const { tessera, page } = fixture;
    await page.goto(`${tessera.issuer}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(`${tessera.issuer}/forgot-password`);
    await screenshot(page, 'forgot-password');
    await page.getByLabel('Email').fill('forgetful@example.com');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.waitForURL(`${tessera.issuer}/forgot-password?sent=1`);
    expect(await page.getByRole('status').textContent()).toContain(
      'a link to reset its password is on its way',
    );

    await tessera.server.backgroundMail?.idle();
    const mail = inbox.messages.find((m) => m.to.includes('forgetful@example.com'));
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();

    // Opening the link leaves the token in a cookie, not in the address bar or the history.
    await page.goto(link as string);
    await screenshot(page, 'reset-password');
    expect(page.url()).toBe(`${tessera.issuer}/reset-password`);
    expect(await page.locator('h1').textContent()).toBe('Choose a new password');

    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(`${tessera.issuer}/login?password_changed=1`);
    expect(await page.getByRole('status').textContent()).toBe(
      'Your password was changed. Sign in with the new one.',
    );
    const cookies = await page.context().cookies(tessera.issuer);
    expect(cookies.map((c) => c.name)).not.toContain('__Host-tessera-reset');

    await page.getByLabel('Email').fill('forgetful@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('Incorrect email or password.');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${tessera.issuer}/`);
    expect(await page.locator('h1').textContent()).toBe('You are signed in');
  });

  it('a reset asked for on the sign-in page an app sent the person to leads back there, email filled in, and on to the app', async () => {
    const { tessera, page } = fixture;
    await createTestUser(tessera, 'returning@example.com');
    const app = await createWebApp(tessera);
    const request = newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI);
    await page.goto(request.url);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill('returning@example.com');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.waitForURL((url) => url.pathname === '/forgot-password' && url.searchParams.has('sent'));

    await tessera.server.backgroundMail?.idle();
    const mail = inbox.messages.find((m) => m.to.includes('returning@example.com'));
    const link = /(http:\/\/\S+\/reset-password\?token=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(link as string);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set the new password' }).click();

    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('return_to'));
    expect(await page.getByRole('status').textContent()).toBe(
      'Your password was changed. Sign in with the new one.',
    );
    expect(await page.locator('.lead').first().textContent()).toBe('to continue to Example App');
    expect(await page.getByLabel('Email').inputValue()).toBe('returning@example.com');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();

    const callback = await fixture.appCallback();
    expect(callback.searchParams.get('state')).toBe(request.state);
    const tokens = await fixture.redeemAtApp(app, request, callback);
    expect(tokens.status).toBe(200);
  });
});

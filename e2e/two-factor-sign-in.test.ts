// Two-factor sign-in in a real browser (Debian's Chromium): enrol TOTP on /account (the secret read off the page, the
// code computed with otpauth as an authenticator app would), sign out, then sign in to an app with the password and a
// code. Screenshots of the enrolment page and the second-factor prompt at desktop and mobile widths.
import { describe, expect, it } from 'vitest';
import {
  confirmTotpEnrolment,
  startTotpEnrolment,
} from '../packages/server/src/accounts/mfa/totp-enrolment.js';
import { epochSeconds } from '../packages/server/src/clock.js';
import { authenticatorCode } from '../packages/server/test/support/authenticator-app.js';
import {
  APP_REDIRECT_URI,
  createTestUser,
  createWebApp,
} from '../packages/server/test/support/sign-in-fixtures.js';
import { TestClock } from '../packages/server/test/support/test-clock.js';
import { jwtClaims, newAuthorizationRequest } from './support/authorization-request.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { DESKTOP, screenshot, screenshotAtBothWidths } from './support/screenshots.js';

describe.runIf(chromiumAvailable())('two-factor sign-in with a browser', () => {
  // The server's clock is the test's: it moves to the next 30-second step instead of the test waiting for it.
  const clock = new TestClock(Date.now());
  const fixture = useBrowserFixture({ server: { clock } });
  const { heading, signInWithPassword, appCallback } = fixture;
  /** What the person's authenticator app shows now, by the server's clock. */
  const appCode = (secret: string) => authenticatorCode(secret, clock);

  it('enrols TOTP on the account page, signs out, and signs in to an app with the password and a code', async () => {
    const { tessera, page, context } = fixture;
    const user = await createTestUser(tessera, 'totp-browser@example.com');
    const app = await createWebApp(tessera, { firstParty: true });

    // The account page sends a signed-out browser through sign-in and back.
    await page.goto(`${tessera.issuer}/account`);
    expect(await heading()).toBe('Sign in');
    await signInWithPassword(user.email);
    await page.waitForURL(`${tessera.issuer}/account`);
    expect(await heading()).toBe('Your account');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'account-desktop');

    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.waitForURL(`${tessera.issuer}/account/totp`);
    expect(await heading()).toBe('Set up an authenticator app');
    const qr = page.getByRole('img', { name: /QR code/ });
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await screenshotAtBothWidths(page, 'totp-enrolment');
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel(/Enter the 6-digit code/).fill(appCode(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    expect(await heading()).toBe('Your recovery codes');
    expect(await page.locator('ul.recovery-codes li').count()).toBe(10);
    await screenshotAtBothWidths(page, 'recovery-codes');
    await page.getByRole('link', { name: 'I have saved them' }).click();
    expect(await page.locator('[data-section="two-factor"] .badge').textContent()).toBe('On');
    await screenshotAtBothWidths(page, 'account-totp-on');

    // Sign out as a person would: from the home page, confirming.
    await page.goto(`${tessera.issuer}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await heading()).toBe('Sign out?');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState();
    expect((await context.cookies(tessera.issuer)).map((c) => c.name)).not.toContain(
      '__Host-tessera-session',
    );

    // The code that turned TOTP on is used: the app shows the next one half a minute later.
    clock.advanceSeconds(30);
    const request = newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI);
    await page.goto(request.url);
    expect(await heading()).toBe('Sign in');
    await signInWithPassword(user.email);
    expect(await heading()).toBe('Two-factor sign-in');
    expect((await context.cookies(tessera.issuer)).map((c) => c.name)).not.toContain(
      '__Host-tessera-session',
    );
    await page.waitForFunction(() => document.activeElement?.id === 'code');

    // A wrong code first, as a person mistyping would.
    await page.locator('#code').fill('000000');
    await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Verify' }).click()]);
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([
      'That code is not right. Check your authenticator app and try again.',
    ]);
    await screenshotAtBothWidths(page, 'second-factor-error');

    await page.locator('#code').fill(appCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    const callback = await appCallback();
    expect(callback.searchParams.get('state')).toBe(request.state);
    const tokens = await fixture.redeemAtApp(app, request, callback);
    expect(jwtClaims(tokens.body.id_token as string)).toMatchObject({
      sub: user.id,
      amr: ['pwd', 'otp', 'mfa'],
    });
  });

  it('the second-factor prompt, and its recovery-code form, as a user sees them', async () => {
    const { tessera, page } = fixture;
    const user = await createTestUser(tessera, 'totp-prompt@example.com');
    // Enrolled through the account page in the test before; here straight through the operations.
    const deps = { stores: tessera.runtime.stores, box: tessera.runtime.secretBox(), clock };
    // Enrolling needs a recent sign-in: as if the account had signed in just now.
    const justSignedIn = { user, session: { authTime: epochSeconds(clock) } };
    const { secret } = await startTotpEnrolment(deps, { issuerName: 'tessera' }, justSignedIn);
    const recoveryCodes = await confirmTotpEnrolment(deps, justSignedIn, appCode(secret));

    await page.goto(`${tessera.issuer}/login`);
    await signInWithPassword(user.email);
    expect(await heading()).toBe('Two-factor sign-in');
    await screenshotAtBothWidths(page, 'second-factor');

    await page.getByText('Lost your phone? Use a recovery code').click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0] as string);
    await screenshotAtBothWidths(page, 'second-factor-recovery');
    await page.getByRole('button', { name: 'Use recovery code' }).click();
    expect(await heading()).toBe('You are signed in');
  });
});

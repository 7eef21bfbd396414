// Step-up and the account page in a real browser (Debian's Chromium): an app asks a password-only session for two
// factors (acr_values) and gets the TOTP prompt, then an ID token with acr urn:tessera:acr:mfa; the account page lists
// the browsers signed in and the apps allowed. Screenshots of the account page at desktop and mobile widths.
import { describe, expect, it } from 'vitest';
import {
  confirmTotpEnrolment,
  startTotpEnrolment,
} from '../packages/server/src/accounts/mfa/totp-enrolment.js';
import { epochSeconds } from '../packages/server/src/clock.js';
import { authenticatorCode } from '../packages/server/test/support/authenticator-app.js';
import { obtainCode, signedInBrowser } from '../packages/server/test/support/code-flow.js';
import {
  APP_REDIRECT_URI,
  createTestUser,
  createWebApp,
} from '../packages/server/test/support/sign-in-fixtures.js';
import { TestClock } from '../packages/server/test/support/test-clock.js';
import { jwtClaims, newAuthorizationRequest } from './support/authorization-request.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { screenshotAtBothWidths } from './support/screenshots.js';

describe.runIf(chromiumAvailable())('step-up and the account page in a browser', () => {
  const clock = new TestClock(Date.now());
  const fixture = useBrowserFixture({ server: { clock } });
  const { heading, signInWithPassword, appCallback } = fixture;
  /** What the person's authenticator app shows now, by the server's clock. */
  const appCode = (secret: string) => authenticatorCode(secret, clock);

  it('acr_values=urn:tessera:acr:mfa asks a password-only session for the code, and the ID token says mfa', async () => {
    const { tessera, page } = fixture;
    const user = await createTestUser(tessera, 'step-up-browser@example.com');
    const app = await createWebApp(tessera, { firstParty: true });
    await page.goto(`${tessera.issuer}/login`);
    await signInWithPassword(user.email);
    expect(await heading()).toBe('You are signed in');

    // TOTP turned on meanwhile, from another browser: this session signed in with the password alone.
    const deps = { stores: tessera.runtime.stores, box: tessera.runtime.secretBox(), clock };
    const elsewhere = { user, session: { authTime: epochSeconds(clock) } };
    const { secret } = await startTotpEnrolment(deps, { issuerName: 'tessera' }, elsewhere);
    await confirmTotpEnrolment(deps, elsewhere, appCode(secret));
    clock.advanceSeconds(30);

    const request = newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI, {
      acr_values: 'urn:tessera:acr:mfa',
    });
    await page.goto(request.url);
    expect(await heading()).toBe('Two-factor sign-in');
    await page.locator('#code').fill(appCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    const callback = await appCallback();
    const tokens = await fixture.redeemAtApp(app, request, callback);
    expect(jwtClaims(tokens.body.id_token as string)).toMatchObject({
      sub: user.id,
      acr: 'urn:tessera:acr:mfa',
      amr: ['pwd', 'otp', 'mfa'],
    });
  });

  it('the account page lists the browsers signed in and the apps allowed, at desktop and mobile widths', async () => {
    const { tessera, page } = fixture;
    const user = await createTestUser(tessera, 'account-browser@example.com');
    // Another browser, and an app the person allowed from it.
    const other = await signedInBrowser(tessera, user.email);
    await obtainCode(tessera, other, (await createWebApp(tessera)).clientId);

    await page.goto(`${tessera.issuer}/account`);
    await signInWithPassword(user.email);
    await page.waitForURL(`${tessera.issuer}/account`);
    expect(await heading()).toBe('Your account');
    const sessions = page.locator('[data-section="sessions"] li');
    expect(await sessions.count()).toBe(2);
    expect(await page.locator('[data-section="sessions"] li[data-current="true"]').textContent()).toContain(
      'This browser',
    );
    expect(await page.locator('[data-section="applications"] li').textContent()).toContain('Example App');
    await screenshotAtBothWidths(page, 'account-page');

    // Signing the other browser out from here.
    await page.locator('[data-section="sessions"] li:not([data-current]) button').click();
    await page.waitForURL(/done=session_ended/);
    expect(await sessions.count()).toBe(1);
  });
});

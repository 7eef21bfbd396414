// The device flow (RFC 8628) with a real browser: a plain HTTP client (the device) starts the flow and polls the token
// endpoint between the steps of a person in Chromium, who opens the link, signs in, checks the code and approves (or
// denies); the device then reads userinfo. Screenshots of the code entry and the confirmation at desktop and mobile
// widths.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createDeviceApp,
  pollDeviceToken,
  startDeviceFlow,
} from '../packages/server/test/support/device-flow.js';
import { createTestUser } from '../packages/server/test/support/sign-in-fixtures.js';
import { TestClock } from '../packages/server/test/support/test-clock.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { screenshotAtBothWidths } from './support/screenshots.js';

describe.runIf(chromiumAvailable())('device flow with a browser', () => {
  // The device waits out its polling interval on the server's clock, moved by the test, never in real time.
  const clock = new TestClock(Date.now());
  const fixture = useBrowserFixture({ server: { clock }, page: 'plain' });
  const { heading, signInWithPassword } = fixture;
  let user: { id: string };
  let app: { clientId: string };

  beforeAll(async () => {
    user = await createTestUser(fixture.tessera);
    app = await createDeviceApp(fixture.tessera);
  });

  /** The device's next poll, one interval later by the server's clock. */
  async function pollOnTime(deviceCode: string, interval: number) {
    clock.advanceSeconds(interval);
    return pollDeviceToken(fixture.tessera.issuer, app.clientId, deviceCode);
  }
  /** The person opens the link the device shows, signs in, and reaches the code entry with the code filled in. */
  async function openLinkAndSignIn(link: string, userCode: string) {
    const { page } = fixture;
    await page.goto(link);
    expect(await heading()).toBe('Sign in');
    await signInWithPassword('ann@example.com');
    expect(await heading()).toBe('Connect a device');
    expect(await page.getByLabel('Code').inputValue()).toBe(userCode);
  }

  it('the device polls while the person signs in, checks the code and approves; then it reads userinfo', async () => {
    const { tessera, page } = fixture;
    const flow = await startDeviceFlow(tessera.issuer, {
      client_id: app.clientId,
      scope: 'openid profile email shows:watch',
    });
    expect((await pollDeviceToken(tessera.issuer, app.clientId, flow.device_code)).body.error).toBe(
      'authorization_pending',
    );

    await openLinkAndSignIn(flow.verification_uri_complete, flow.user_code);
    await screenshotAtBothWidths(page, 'device-entry');
    expect((await pollOnTime(flow.device_code, flow.interval)).body.error).toBe('authorization_pending');

    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading()).toBe('Allow Living Room TV on your device?');
    expect(await page.locator('[data-user-code]').textContent()).toBe(flow.user_code);
    expect(await page.locator('[data-requested-from]').textContent()).toBe('127.0.0.1');
    expect(await page.locator('ul.scopes .scope-name').allTextContents()).toEqual([
      'Know who you are',
      'See your profile',
      'See your email address',
      'shows:watch',
    ]);
    await screenshotAtBothWidths(page, 'device-confirm');
    expect((await pollOnTime(flow.device_code, flow.interval)).body.error).toBe('authorization_pending');

    await page.getByRole('button', { name: 'Approve' }).click();
    expect(await heading()).toBe('Device connected');

    const tokens = await pollOnTime(flow.device_code, flow.interval);
    expect(tokens.status).toBe(200);
    const userinfo = await fetch(`${tessera.issuer}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({
      sub: user.id,
      email: 'ann@example.com',
      name: 'Ann Example',
    });
  });

  it('the person types the code by hand and denies; the device is told access_denied', async () => {
    const { tessera, page } = fixture;
    const flow = await startDeviceFlow(tessera.issuer, { client_id: app.clientId, scope: 'openid' });
    await page.goto(flow.verification_uri);
    await signInWithPassword('ann@example.com');
    expect(await heading()).toBe('Connect a device');
    // A mistyped code first: the same answer a code that never existed gets.
    await page.getByLabel('Code').fill('bcdf-ghjk');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('[data-error-code]').getAttribute('data-error-code')).toBe('invalid_user_code');
    await screenshotAtBothWidths(page, 'device-entry-error');

    await page.getByLabel('Code').fill(flow.user_code.toLowerCase().replace('-', ''));
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading()).toBe('Allow Living Room TV on your device?');
    await page.getByRole('button', { name: 'Deny' }).click();
    expect(await heading()).toBe('Request denied');

    const denied = await pollOnTime(flow.device_code, flow.interval);
    expect(denied.status).toBe(400);
    expect(denied.body.error).toBe('access_denied');
  });
});

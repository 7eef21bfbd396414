// Passkeys in a real browser (Debian's Chromium) with its virtual authenticator (CDP WebAuthn domain: CTAP2, internal
// transport, resident keys, user verification): add a passkey on /account, sign in to an app with it instead of a
// password, use it as the second factor after a password, and see a bad signature and a missing user verification
// refused. The issuer is http://localhost: WebAuthn needs a secure context and a domain as RP ID, and Chromium refuses
// 127.0.0.1 as one (checked below). Screenshots of passkey sign-in and the account page at desktop and mobile widths.
import type { CDPSession } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../packages/server/test/support/free-port.js';
import {
  APP_REDIRECT_URI,
  createTestUser,
  createWebApp,
} from '../packages/server/test/support/sign-in-fixtures.js';
import { jwtClaims, newAuthorizationRequest } from './support/authorization-request.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { screenshotAtBothWidths } from './support/screenshots.js';

const REFUSED = 'That passkey could not be used to sign in. Try again, or use another way to sign in.';

describe.runIf(chromiumAvailable())('passkeys with a browser', () => {
  const fixture = useBrowserFixture({
    server: async () => {
      const port = await freePort();
      return { port, env: { TESSERA_ISSUER: `http://localhost:${port}` } };
    },
  });
  const { heading, signInWithPassword, appCallback } = fixture;
  let cdp: CDPSession;
  let authenticatorId: string;
  let nextAccount = 0;

  beforeEach(async () => {
    cdp = await fixture.context.newCDPSession(fixture.page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  });

  /** The page's alerts, once it shows one; read again if a navigation (the form's post) replaced the page meanwhile. */
  async function alerts(): Promise<string[]> {
    const { page } = fixture;
    for (let attempt = 1; ; attempt++) {
      try {
        await page.getByRole('alert').first().waitFor();
        return await page.getByRole('alert').allInnerTexts();
      } catch (error) {
        if (attempt === 3 || !String(error).includes('Execution context was destroyed')) throw error;
      }
    }
  }
  /** A new account signed in with its password, with a passkey added on its account page (named `name`). */
  async function accountWithPasskey(name: string) {
    const { tessera, page } = fixture;
    const user = await createTestUser(tessera, `passkey-browser-${nextAccount++}@example.com`);
    await page.goto(`${tessera.issuer}/account`);
    await signInWithPassword(user.email);
    await page.waitForURL(`${tessera.issuer}/account`);
    await page.locator('[data-section="passkeys"]').getByLabel('Name', { exact: true }).fill(name);
    await Promise.all([
      page.waitForURL(`${tessera.issuer}/account?done=passkey_added`),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ]);
    return user;
  }
  async function signOut() {
    await fixture.context.clearCookies();
  }
  /**
   * As a browser without passkey autofill (conditional mediation): Chromium's virtual authenticator answers an autofill
   * request at once with its credential, which would sign in before the button could be tried.
   */
  async function withoutAutofill() {
    await fixture.page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
  }
  async function overrideResponses(bits: { isBogusSignature?: boolean; isBadUV?: boolean }) {
    // CDP resets the bits it is not given: each call sets the whole override.
    await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, ...bits });
  }

  it('adds a passkey on the account page, stored in the authenticator as a discoverable credential', async () => {
    const { tessera, page } = fixture;
    const user = await accountWithPasskey('This laptop');
    expect(await page.locator('[data-section="passkeys"] .passkey-name').allInnerTexts()).toEqual([
      'This laptop',
    ]);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
    expect(Buffer.from(credentials[0]?.userHandle as string, 'base64').toString()).toBe(user.id);
    await page.getByLabel('New name for This laptop').fill('Work laptop');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.waitForURL(`${tessera.issuer}/account?done=passkey_renamed`);
    expect(await page.locator('[data-section="passkeys"] .passkey-name').allInnerTexts()).toEqual([
      'Work laptop',
    ]);
    await screenshotAtBothWidths(page, 'account-passkeys');
  });

  it('signs in to an app with the passkey offered in the email field’s autofill (amr hwk, user, mfa)', async () => {
    const { tessera, page } = fixture;
    const user = await accountWithPasskey('Laptop');
    await signOut();
    const app = await createWebApp(tessera, { firstParty: true });
    const request = newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI);
    // The sign-in page asks for the autofill passkeys on load; the virtual authenticator picks its one at once.
    await page.goto(request.url);
    const callback = await appCallback();
    expect(callback.searchParams.get('state')).toBe(request.state);
    const tokens = await fixture.redeemAtApp(app, request, callback);
    expect(jwtClaims(tokens.body.id_token as string)).toMatchObject({
      sub: user.id,
      amr: ['hwk', 'user', 'mfa'],
    });
  });

  it('signs in with the button; refuses a response with a bad (zeroed) signature, and one without user verification', async () => {
    const { tessera, page, context } = fixture;
    await accountWithPasskey('Laptop');
    await signOut();
    await withoutAutofill();
    await page.goto(`${tessera.issuer}/login`);
    expect(await page.locator('#email').getAttribute('autocomplete')).toBe('username webauthn');
    const button = page.getByRole('button', { name: 'Sign in with a passkey' });
    await button.waitFor();
    await screenshotAtBothWidths(page, 'passkey-sign-in');

    await overrideResponses({ isBogusSignature: true });
    await Promise.all([page.waitForURL(`${tessera.issuer}/login/passkey`), button.click()]);
    expect(await alerts()).toEqual([REFUSED]);
    expect(await page.locator('[data-error-code]').getAttribute('data-error-code')).toBe('passkey_failed');
    await screenshotAtBothWidths(page, 'passkey-sign-in-refused');

    await overrideResponses({ isBadUV: true });
    // The page is at /login/passkey already: wait for the form's own post to be answered, not for the URL.
    const posted = (response: { url(): string; request(): { method(): string } }) =>
      response.url() === `${tessera.issuer}/login/passkey` && response.request().method() === 'POST';
    await Promise.all([page.waitForResponse(posted), button.click()]);
    await page.waitForLoadState();
    expect(await alerts()).toEqual([REFUSED]);
    expect((await context.cookies(tessera.issuer)).map((c) => c.name)).not.toContain(
      '__Host-tessera-session',
    );

    // The same passkey, answering properly, still signs in.
    await overrideResponses({});
    await button.click();
    await page.waitForURL(`${tessera.issuer}/`);
    expect(await heading()).toBe('You are signed in');
  });

  it('asks for the passkey after the password, as the second factor (amr pwd, hwk, user, mfa)', async () => {
    const { tessera, page } = fixture;
    const user = await accountWithPasskey('Laptop');
    await signOut();
    await withoutAutofill();
    const app = await createWebApp(tessera, { firstParty: true });
    const request = newAuthorizationRequest(tessera.issuer, app.clientId, APP_REDIRECT_URI);
    await page.goto(request.url);
    await signInWithPassword(user.email);
    expect(await heading()).toBe('Two-factor sign-in');
    const button = page.getByRole('button', { name: 'Use a passkey' });
    await button.waitFor();
    await screenshotAtBothWidths(page, 'second-factor-passkey');
    await button.click();
    const callback = await appCallback();
    const tokens = await fixture.redeemAtApp(app, request, callback);
    expect(jwtClaims(tokens.body.id_token as string)).toMatchObject({
      sub: user.id,
      amr: ['pwd', 'hwk', 'user', 'mfa'],
    });
  });

  it('Chromium refuses an IP address as RP ID, so an issuer at 127.0.0.1 offers no passkeys', async () => {
    const { tessera, page } = fixture;
    const ipOrigin = tessera.issuer.replace('localhost', '127.0.0.1');
    await page.goto(`${ipOrigin}/`);
    const outcome = await page.evaluate(async () => {
      try {
        await navigator.credentials.create({
          publicKey: {
            rp: { id: '127.0.0.1', name: 'ip' },
            user: { id: new Uint8Array(16), name: 'a', displayName: 'a' },
            challenge: new Uint8Array(32),
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          },
        });
        return 'created';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcome).toBe('SecurityError');
  });
});

// The account page over HTTP: signed in only; TOTP enrolment (QR code and secret, on only after a correct code,
// recovery codes shown once), new recovery codes, and turning TOTP off only after a recent sign-in.
import { Secret } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/accounts/mfa/totp.js';
import { epochSeconds } from '../../src/clock.js';
import { type BrowserResponse, FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('the account page', () => {
  let tessera: TestServer;
  let clock: TestClock;
  let nextAccount = 0;

  beforeAll(async () => {
    clock = new TestClock(Date.UTC(2026, 0, 1, 12, 0, 15));
    tessera = await startTestServer({ clock });
  });
  afterAll(() => tessera.cleanup());
  beforeEach(() => clock.advanceSeconds(60));

  const codeFor = (secret: string) => totpCode(Secret.fromBase32(secret), epochSeconds(clock));
  const secretOn = (page: BrowserResponse) =>
    (/<code class="secret" id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1] ?? '').replace(
      / /g,
      '',
    );
  const recoveryCodesOn = (page: BrowserResponse) =>
    [...page.body.matchAll(/<li><code>([0-9a-z-]{19})<\/code><\/li>/g)].map((match) => match[1] as string);

  /** A new account, signed in with its password, on its account page. */
  async function signedIn() {
    const user = await createTestUser(tessera, `account-${nextAccount++}@example.com`);
    const browser = new FormBrowser(tessera.issuer);
    const login = await browser.follow('/account');
    const account = await browser.submit(login, { email: user.email, password: PASSWORD });
    return { user, browser, account };
  }

  /** Enrols TOTP from the account page: the enrolment page, the secret, and the recovery codes page. */
  async function enrol(browser: FormBrowser, account: BrowserResponse) {
    const enrolment = await browser.submit(account, {});
    const secret = secretOn(enrolment);
    const codes = await browser.submit(enrolment, { code: codeFor(secret) });
    clock.advanceSeconds(30);
    return { enrolment, secret, codes };
  }

  it('sends a browser that is not signed in through sign-in and back to the account page', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const first = await browser.request('/account');
    expect(first.status).toBe(303);
    expect(first.location).toBe('/login?return_to=%2Faccount');
    const { account, user } = await signedIn();
    expect(new URL(account.url).pathname).toBe('/account');
    expect(account.body).toContain(user.email);
    expect(account.body).toContain('data-email-verified="true"');
    expect(account.body).toContain('data-section="two-factor"');
    expect(account.body).toContain('Set up an authenticator app');
  });

  it('shows the QR code of the otpauth:// URI as an image the CSP allows, and the secret in text', async () => {
    const { browser, account, user } = await signedIn();
    const enrolment = await browser.submit(account, {});
    expect(new URL(enrolment.url).pathname).toBe('/account/totp');
    const qr = /<img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/.exec(enrolment.body)?.[1];
    expect(Buffer.from(qr ?? '', 'base64').toString('utf8')).toMatch(/^<svg [^>]*viewBox/);
    expect(enrolment.headers.get('content-security-policy')).toMatch(/img-src 'self' data:/);
    expect(enrolment.body).not.toContain('<script');
    expect(secretOn(enrolment)).toMatch(/^[A-Z2-7]{32}$/);
    // The page shows the enrolment again on reload, with the same secret, and stores none of it in the clear.
    expect(secretOn(await browser.follow('/account/totp'))).toBe(secretOn(enrolment));
    const row = await tessera.runtime.db
      .selectFrom('totp_factors')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.sealed_secret).not.toContain(secretOn(enrolment));
    expect(row.confirmed_at).toBeNull();
  });

  it('turns TOTP on only after a correct code, then shows ten recovery codes once', async () => {
    const { browser, account, user } = await signedIn();
    const enrolment = await browser.submit(account, {});
    const wrong = await browser.submit(enrolment, { code: '000000' });
    expect(wrong.status).toBe(400);
    expect(pageErrorCodes(wrong.body)).toEqual(['invalid_code']);
    expect((await browser.follow('/account')).body).toContain('Continue setting up');

    const codes = await browser.submit(wrong, { code: codeFor(secretOn(enrolment)) });
    expect(codes.status).toBe(200);
    expect(codes.headers.get('cache-control')).toBe('no-store');
    expect(recoveryCodesOn(codes)).toHaveLength(10);
    const after = await browser.follow('/account');
    expect(after.body).toContain('10 of 10 recovery codes left');
    expect(recoveryCodesOn(after)).toEqual([]);
    // From now on, signing in asks for the second factor.
    const again = new FormBrowser(tessera.issuer);
    const prompt = await again.submit(await again.follow('/login'), {
      email: user.email,
      password: PASSWORD,
    });
    expect(new URL(prompt.url).pathname).toBe('/login/second-factor');
  });

  it('turning TOTP off after more than 5 minutes asks for a fresh sign-in (with the second factor), then works', async () => {
    const { browser, account, user } = await signedIn();
    const { secret } = await enrol(browser, account);
    clock.advanceSeconds(5 * 60);

    const disableForm = 1; // after "Make new recovery codes"
    const refused = await browser.request('/account/totp/disable', {
      form: { csrf_token: browser.cookies.get('__Host-tessera-csrf') as string },
    });
    expect(refused.status).toBe(303);
    expect(refused.location).toBe('/login?reauthenticate=1&return_to=%2Faccount');
    expect((await browser.follow('/account')).body).toContain('badge on');

    const login = await browser.follow(refused.location as string);
    expect(login.body).toContain('sign in again to confirm it is you');
    expect(login.body).toContain(`value="${user.email}"`);
    const prompt = await browser.submit(login, { email: user.email, password: PASSWORD });
    const back = await browser.submit(prompt, { code: codeFor(secret) });
    expect(new URL(back.url).pathname).toBe('/account');

    const off = await browser.submit(back, {}, disableForm);
    expect(new URL(off.url).pathname).toBe('/account');
    expect(off.body).toContain('Two-factor sign-in is off.');
    expect(off.body).toContain('badge off');
  });

  it('an old session cannot start, view or confirm an enrolment: it goes through a fresh sign-in first', async () => {
    const { browser, user } = await signedIn();
    const csrf = () => ({ csrf_token: browser.cookies.get('__Host-tessera-csrf') as string });
    const reauthenticate = '/login?reauthenticate=1&return_to=%2Faccount';
    clock.advanceSeconds(5 * 60);

    const start = await browser.request('/account/totp/setup', { form: csrf() });
    expect(start.status).toBe(303);
    expect(start.location).toBe(reauthenticate);
    expect((await browser.follow('/account')).body).toContain('Set up an authenticator app');

    // An enrolment left unfinished by a fresh sign-in: an old session neither sees its secret nor confirms it.
    const owner = new FormBrowser(tessera.issuer);
    const ownerAccount = await owner.submit(await owner.follow('/account'), {
      email: user.email,
      password: PASSWORD,
    });
    const secret = secretOn(await owner.submit(ownerAccount, {}));
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const view = await browser.request('/account/totp');
    expect(view.status).toBe(303);
    expect(view.location).toBe(reauthenticate);
    const confirm = await browser.request('/account/totp/confirm', {
      form: { ...csrf(), code: codeFor(secret) },
    });
    expect(confirm.status).toBe(303);
    expect(confirm.location).toBe(reauthenticate);
    expect((await browser.follow('/account')).body).toContain('Continue setting up');

    // After signing in again, the same browser goes on with it.
    const back = await browser.submit(await browser.follow(reauthenticate), {
      email: user.email,
      password: PASSWORD,
    });
    expect(new URL(back.url).pathname).toBe('/account');
    const enrolment = await browser.follow('/account/totp');
    expect(secretOn(enrolment)).toBe(secret);
    const codes = await browser.submit(enrolment, { code: codeFor(secret) });
    expect(recoveryCodesOn(codes)).toHaveLength(10);
  });

  it('new recovery codes need a recent sign-in and end the old set', async () => {
    const { browser, account, user } = await signedIn();
    const { codes } = await enrol(browser, account);
    const old = recoveryCodesOn(codes);
    // Signed in moments ago: allowed at once.
    const fresh = await browser.submit(await browser.follow('/account'), {}, 0);
    const renewed = recoveryCodesOn(fresh);
    expect(renewed).toHaveLength(10);
    expect(renewed).not.toEqual(old);

    const other = new FormBrowser(tessera.issuer);
    const prompt = await other.submit(await other.follow('/login'), {
      email: user.email,
      password: PASSWORD,
    });
    const refused = await other.submit(prompt, { recovery_code: old[0] as string }, 1);
    expect(pageErrorCodes(refused.body)).toEqual(['invalid_code']);
    const done = await other.submit(refused, { recovery_code: renewed[0] as string }, 1);
    expect(done.body).toContain('You are signed in');
  });

  it('refuses a cross-site post to the account forms', async () => {
    const { browser } = await signedIn();
    for (const path of ['/account/totp/setup', '/account/totp/disable', '/account/recovery-codes']) {
      const forged = await browser.request(path, {
        form: { csrf_token: 'forged' },
        headers: { origin: 'https://evil.example' },
      });
      expect(forged.status).toBe(403);
    }
  });
});

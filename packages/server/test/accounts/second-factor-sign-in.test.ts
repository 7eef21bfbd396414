// Signing in to an account with TOTP on, over HTTP: the password leads to the second-factor page without any session;
// a code (or a recovery code) finishes the sign-in, with amr ["pwd","otp","mfa"], and goes on with the pending
// authorization request. Wrong, replayed and used-up codes are refused, and the attempt limit holds with a clear page.
import { decodeJwt } from 'jose';
import { Secret } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SecondFactorDependencies } from '../../src/accounts/mfa/second-factor-dependencies.js';
import { totpCode } from '../../src/accounts/mfa/totp.js';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../src/accounts/mfa/totp-enrolment.js';
import { epochSeconds } from '../../src/clock.js';
import { authorizeUrl, pkcePair, redeemCode } from '../support/code-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { APP_REDIRECT_URI, createTestUser, createWebApp, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const SESSION_COOKIE = '__Host-tessera-session';
const PENDING_COOKIE = '__Host-tessera-pending-sign-in';

describe('signing in with a second factor', () => {
  let tessera: TestServer;
  let clock: TestClock;
  let deps: SecondFactorDependencies;
  let app: { clientId: string; clientSecret: string };
  let nextAccount = 0;

  beforeAll(async () => {
    clock = new TestClock(Date.UTC(2026, 0, 1, 12, 0, 15));
    tessera = await startTestServer({ clock });
    deps = { stores: tessera.runtime.stores, box: tessera.runtime.secretBox(), clock };
    app = await createWebApp(tessera, { firstParty: true });
  });
  afterAll(() => tessera.cleanup());
  // Each test's codes are of a step no earlier test used.
  beforeEach(() => clock.advanceSeconds(60));

  const codeFor = (secret: string, at = epochSeconds(clock)) => totpCode(Secret.fromBase32(secret), at);

  /** A new account with TOTP on (so no test's attempts count against another's): its email, secret and codes. */
  async function accountWithTotp() {
    const email = `mfa-${nextAccount++}@example.com`;
    const user = await createTestUser(tessera, email);
    // Enrolling needs a recent sign-in: as if the account had signed in just now.
    const justSignedIn = { user, session: { authTime: epochSeconds(clock) } };
    const { secret } = await startTotpEnrolment(deps, { issuerName: 'tessera' }, justSignedIn);
    const recoveryCodes = await confirmTotpEnrolment(deps, justSignedIn, codeFor(secret));
    clock.advanceSeconds(30);
    return { user, email, secret, recoveryCodes };
  }

  /** Submits the password on the sign-in page of `url` (the app's authorization request by default). */
  async function passwordStep(email: string, url = '/login') {
    const browser = new FormBrowser(tessera.issuer);
    const login = await browser.follow(url);
    const prompt = await browser.submit(login, { email, password: PASSWORD });
    return { browser, prompt };
  }

  const sessionsOf = (userId: string) =>
    tessera.runtime.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();

  it('a correct password leads to the second-factor page, and no session exists until the code passes', async () => {
    const { user, email } = await accountWithTotp();
    const { browser, prompt } = await passwordStep(email);
    expect(prompt.status).toBe(200);
    expect(new URL(prompt.url).pathname).toBe('/login/second-factor');
    expect(prompt.body).toContain('autocomplete="one-time-code"');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(browser.cookies.has(PENDING_COOKIE)).toBe(true);
    expect(await sessionsOf(user.id)).toEqual([]);
    // The pending sign-in opens nothing that a session would.
    expect((await browser.follow('/')).body).not.toContain('You are signed in');
    expect(new URL((await browser.follow('/account')).url).pathname).toBe('/login');
  });

  it('the code finishes the sign-in with amr pwd, otp, mfa and goes on with the pending authorization request', async () => {
    const { user, email, secret } = await accountWithTotp();
    const { verifier, challenge } = pkcePair();
    const request = authorizeUrl(tessera, {
      client_id: app.clientId,
      redirect_uri: APP_REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
    });
    const { browser, prompt } = await passwordStep(email, request);
    expect(new URL(prompt.url).searchParams.get('return_to')).toMatch(/^\/oauth2\/authorize\?/);

    const callback = await browser.submit(prompt, { code: codeFor(secret) });
    expect(callback.location?.startsWith(APP_REDIRECT_URI)).toBe(true);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
    expect(browser.cookies.has(PENDING_COOKIE)).toBe(false);
    const [session] = await sessionsOf(user.id);
    expect(JSON.parse(session?.amr ?? '[]')).toEqual(['pwd', 'otp', 'mfa']);

    const code = new URL(callback.location as string).searchParams.get('code') as string;
    const tokens = (await (await redeemCode(tessera, app, code, verifier)).json()) as { id_token: string };
    expect(decodeJwt(tokens.id_token)).toMatchObject({ sub: user.id, amr: ['pwd', 'otp', 'mfa'] });
  });

  it('a wrong code is refused with invalid_code, and the page asks again', async () => {
    const { user, email, secret } = await accountWithTotp();
    const { browser, prompt } = await passwordStep(email);
    const wrong = await browser.submit(prompt, { code: codeFor(secret, epochSeconds(clock) - 120) });
    expect(wrong.status).toBe(401);
    expect(pageErrorCodes(wrong.body)).toEqual(['invalid_code']);
    expect(wrong.body).toContain('aria-invalid="true"');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await sessionsOf(user.id)).toEqual([]);
    // The same pending sign-in still works with the right code.
    const done = await browser.submit(wrong, { code: codeFor(secret) });
    expect(done.body).toContain('You are signed in');
  });

  it('an empty code asks for the code and does not count as an attempt', async () => {
    const { email } = await accountWithTotp();
    const { browser, prompt } = await passwordStep(email);
    const empty = await browser.submit(prompt, { code: '' });
    expect(empty.status).toBe(400);
    expect(pageErrorCodes(empty.body)).toEqual(['code_required']);
  });

  it('a code that signed in once is refused when replayed, in another browser too', async () => {
    const { email, secret } = await accountWithTotp();
    const code = codeFor(secret);
    const first = await passwordStep(email);
    expect((await first.browser.submit(first.prompt, { code })).body).toContain('You are signed in');

    clock.advanceSeconds(20); // the code is still within its window
    const second = await passwordStep(email);
    const replay = await second.browser.submit(second.prompt, { code });
    expect(replay.status).toBe(401);
    expect(pageErrorCodes(replay.body)).toEqual(['code_already_used']);
    expect(second.browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('a recovery code signs in once; used again it is refused', async () => {
    const { user, email, recoveryCodes } = await accountWithTotp();
    const code = recoveryCodes[3] as string;
    const first = await passwordStep(email);
    const done = await first.browser.submit(first.prompt, { recovery_code: code }, 1);
    expect(done.body).toContain('You are signed in');
    const [session] = await sessionsOf(user.id);
    expect(JSON.parse(session?.amr ?? '[]')).toEqual(['pwd', 'otp', 'mfa']);

    const second = await passwordStep(email);
    const reused = await second.browser.submit(second.prompt, { recovery_code: code }, 1);
    expect(reused.status).toBe(401);
    expect(pageErrorCodes(reused.body)).toEqual(['invalid_code']);
    // The recovery form is the one shown open again, with its error.
    expect(reused.body).toContain('<details class="recovery" open>');
  });

  it('after 5 wrong codes the account is held for the rest of the window with 429, Retry-After and a clear message', async () => {
    const { email, secret } = await accountWithTotp();
    const { browser, prompt } = await passwordStep(email);
    let page = prompt;
    for (let attempt = 0; attempt < 5; attempt++) {
      page = await browser.submit(page, { code: '000000' });
      expect(pageErrorCodes(page.body)).toEqual(['invalid_code']);
    }
    const held = await browser.submit(page, { code: codeFor(secret) });
    expect(held.status).toBe(429);
    expect(pageErrorCodes(held.body)).toEqual(['too_many_attempts']);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(held.body).toMatch(/Too many attempts\. Try again in \d+ (minutes|seconds)\./);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);

    // Another browser, with the password again, is held too: the limit is the account's.
    const elsewhere = await passwordStep(email);
    const alsoHeld = await elsewhere.browser.submit(elsewhere.prompt, { code: codeFor(secret) });
    expect(alsoHeld.status).toBe(429);

    clock.advanceSeconds(15 * 60);
    const later = await passwordStep(email);
    expect((await later.browser.submit(later.prompt, { code: codeFor(secret) })).body).toContain(
      'You are signed in',
    );
  });

  /** Posts `answer` to the second-factor page from `browser` (which has a CSRF cookie from a page it fetched). */
  const postSecondFactor = (browser: FormBrowser, answer: Record<string, string>) =>
    browser.request('/login/second-factor', {
      form: { csrf_token: browser.cookies.get('__Host-tessera-csrf') as string, ...answer },
    });

  it('a copy of the pending sign-in cookie cannot sign in again once the sign-in finished', async () => {
    const { email, secret } = await accountWithTotp();
    const { browser, prompt } = await passwordStep(email);
    const copied = browser.cookies.get(PENDING_COOKIE) as string;
    expect((await browser.submit(prompt, { code: codeFor(secret) })).body).toContain('You are signed in');

    clock.advanceSeconds(30); // a fresh code, well within the cookie's 5 minutes
    const thief = new FormBrowser(tessera.issuer);
    thief.cookies.set(PENDING_COOKIE, copied);
    await thief.follow('/login');
    const replay = await postSecondFactor(thief, { code: codeFor(secret) });
    expect(replay.status).toBe(303);
    expect(replay.location).toBe('/login?expired=1');
    expect(thief.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('concurrent wrong guesses, codes and recovery codes alike, cannot exceed the account’s 5 attempts', async () => {
    const { email, secret, recoveryCodes } = await accountWithTotp();
    const browsers = await Promise.all(Array.from({ length: 4 }, () => passwordStep(email)));
    const guesses = Array.from({ length: 16 }, (_, i) => {
      const { browser } = browsers[i % browsers.length] as { browser: FormBrowser };
      return postSecondFactor(
        browser,
        i % 2 === 0 ? { code: String(100000 + i) } : { recovery_code: `wrong-${i}-guess-code` },
      );
    });
    const statuses = (await Promise.all(guesses)).map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(11);
    // Held for both kinds: the right code and a right recovery code are refused too.
    const { browser } = browsers[0] as { browser: FormBrowser };
    expect((await postSecondFactor(browser, { code: codeFor(secret) })).status).toBe(429);
    expect((await postSecondFactor(browser, { recovery_code: recoveryCodes[0] as string })).status).toBe(429);
  });

  it('wrong codes and wrong recovery codes count against one limit', async () => {
    const { email, recoveryCodes } = await accountWithTotp();
    const { browser } = await passwordStep(email);
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await postSecondFactor(browser, { code: '000000' })).status).toBe(401);
    for (let attempt = 0; attempt < 2; attempt++)
      expect((await postSecondFactor(browser, { recovery_code: 'aaaa-bbbb-cccc-dddd' })).status).toBe(401);
    const held = await postSecondFactor(browser, { recovery_code: recoveryCodes[0] as string });
    expect(held.status).toBe(429);
    expect(pageErrorCodes(held.body)).toEqual(['too_many_attempts']);
  });

  it('the pending sign-in expires after 5 minutes: back to the password, the authorization request kept', async () => {
    const { email, secret } = await accountWithTotp();
    const { browser, prompt } = await passwordStep(email, '/login?return_to=%2Faccount');
    clock.advanceSeconds(5 * 60);
    const expired = await browser.request(prompt.url.replace(/^[^/]*\/\/[^/]*/, ''), {
      form: {
        csrf_token: browser.cookies.get('__Host-tessera-csrf') as string,
        return_to: '/account',
        code: codeFor(secret),
      },
    });
    expect(expired.status).toBe(303);
    expect(expired.location).toBe('/login?expired=1&return_to=%2Faccount');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    const login = await browser.follow(expired.location as string);
    expect(login.body).toContain('The sign-in took too long. Sign in again.');
  });

  it('the second-factor page without a pending sign-in sends the browser to sign in', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const page = await browser.request('/login/second-factor');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/login?expired=1');
  });

  it('a cross-site post of a code is refused', async () => {
    const { email, secret } = await accountWithTotp();
    const { browser } = await passwordStep(email);
    const forged = await browser.request('/login/second-factor', {
      form: { csrf_token: 'forged', code: codeFor(secret) },
      headers: { origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('no TOTP secret, code or recovery code appears in the logs', async () => {
    const { email, secret, recoveryCodes } = await accountWithTotp();
    const code = codeFor(secret);
    const first = await passwordStep(email);
    await first.browser.submit(first.prompt, { code: '000000' });
    await first.browser.submit(first.prompt, { code });
    const second = await passwordStep(email);
    await second.browser.submit(second.prompt, { recovery_code: recoveryCodes[0] as string }, 1);
    const logs = tessera.logs();
    expect(logs).toContain('/login/second-factor');
    const recoveryCode = recoveryCodes[0] as string;
    for (const leaked of [secret, recoveryCode, recoveryCode.replace(/-/g, '')])
      expect(logs).not.toContain(leaked);
    // The code on its own, not as digits inside a longer number (a timestamp, a duration).
    expect(logs).not.toMatch(new RegExp(`(?<!\\d)${code}(?!\\d)`));
  });

  it('an account without TOTP signs in with the password alone, amr pwd', async () => {
    const user = await createTestUser(tessera, `plain-${nextAccount++}@example.com`);
    const { browser, prompt } = await passwordStep(user.email);
    expect(prompt.body).toContain('You are signed in');
    expect(browser.cookies.has(PENDING_COOKIE)).toBe(false);
    const [session] = await sessionsOf(user.id);
    expect(JSON.parse(session?.amr ?? '[]')).toEqual(['pwd']);
  });
});

// Passkeys over HTTP, answered by a software authenticator (support/software-authenticator.ts): adding one on the
// account page (recent sign-in, challenge single use and bound to the session), signing in with it instead of a
// password (user verification required, amr hwk/user/mfa), as the second factor after a password, renaming and
// removing it. Wrong challenge, wrong origin, replayed challenge, unknown credential, bad signature, no user
// verification and a counter going back are all refused the same way, and nothing of a ceremony reaches the logs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PasskeyError } from '../../src/accounts/mfa/passkey-error.js';
import { relyingPartyFor } from '../../src/accounts/mfa/passkey-relying-party.js';
import { PASSKEY_FAILURE_LIMIT, signInWithPasskey } from '../../src/accounts/mfa/sign-in-with-passkey.js';
import { type BrowserResponse, FormBrowser } from '../support/form-browser.js';
import { freePort } from '../support/free-port.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { type CeremonyKnobs, SoftwareAuthenticator } from '../support/software-authenticator.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('passkeys', () => {
  let tessera: TestServer;
  let clock: TestClock;
  let nextAccount = 0;

  beforeAll(async () => {
    clock = new TestClock(Date.UTC(2026, 0, 1, 12, 0, 15));
    // WebAuthn's RP ID is the issuer's host, which must be a domain: localhost, not 127.0.0.1.
    const port = await freePort();
    tessera = await startTestServer({ clock, port, env: { TESSERA_ISSUER: `http://localhost:${port}` } });
  });
  afterAll(() => tessera.cleanup());
  beforeEach(() => clock.advanceSeconds(60));

  const csrfOf = (page: BrowserResponse) => /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const returnToOf = (page: BrowserResponse) =>
    /name="return_to" value="([^"]*)"/.exec(page.body)?.[1] ?? '/';

  /** The options a page's script would fetch: a same-origin form post with the page's CSRF token. */
  async function optionsFrom(browser: FormBrowser, page: BrowserResponse, path: string) {
    const response = await browser.request(path, { form: { csrf_token: csrfOf(page) } });
    return { status: response.status, json: JSON.parse(response.body) };
  }

  /** A new account, signed in with its password, on its account page. */
  async function signedIn() {
    const user = await createTestUser(tessera, `passkey-${nextAccount++}@example.com`);
    const browser = new FormBrowser(tessera.issuer);
    const login = await browser.follow('/account');
    const account = await browser.submit(login, { email: user.email, password: PASSWORD });
    return { user, browser, account };
  }

  /** Adds a passkey from the account page of `browser`; returns the page it ends on. */
  async function addPasskey(
    browser: FormBrowser,
    authenticator: SoftwareAuthenticator,
    name = 'Laptop',
    knobs: CeremonyKnobs = {},
  ) {
    const account = await browser.follow('/account');
    const { json: options } = await optionsFrom(browser, account, '/account/passkeys/options');
    const response = authenticator.register(options, knobs);
    return browser.follow('/account/passkeys', {
      form: { csrf_token: csrfOf(account), response: JSON.stringify(response), name },
    });
  }

  /** An account with one passkey, signed out again: its user and authenticator. */
  async function accountWithPasskey() {
    const { user, browser } = await signedIn();
    const authenticator = new SoftwareAuthenticator(tessera.issuer);
    const added = await addPasskey(browser, authenticator);
    expect(added.body).toContain('Passkey added');
    return { user, authenticator };
  }

  /** Signs in with a passkey instead of a password, from a fresh browser's sign-in page. */
  async function passkeySignIn(authenticator: SoftwareAuthenticator, knobs: CeremonyKnobs = {}) {
    const browser = new FormBrowser(tessera.issuer);
    const login = await browser.follow('/login');
    const { json: options } = await optionsFrom(browser, login, '/login/passkey/options');
    const response = JSON.stringify(authenticator.authenticate(options, knobs));
    const form = { csrf_token: csrfOf(login), return_to: returnToOf(login), response };
    return { browser, login, options, form, result: await browser.request('/login/passkey', { form }) };
  }

  const passkeysOf = (userId: string) =>
    tessera.runtime.db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).execute();
  const sessionsOf = (userId: string) =>
    tessera.runtime.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();

  describe('adding a passkey on the account page', () => {
    it('asks for a discoverable credential of the issuer’s host and stores the verified one with its name', async () => {
      const { user, browser, account } = await signedIn();
      expect(account.body).toContain('id="passkey-register"');
      const { status, json: options } = await optionsFrom(browser, account, '/account/passkeys/options');
      expect(status).toBe(200);
      expect(options.rp).toEqual({ id: 'localhost', name: new URL(tessera.issuer).host });
      expect(options.user.name).toBe(user.email);
      expect(Buffer.from(options.user.id, 'base64url').toString()).toBe(user.id);
      expect(options.authenticatorSelection).toMatchObject({
        residentKey: 'required',
        requireResidentKey: true,
      });
      expect(options.attestation).toBe('none');
      expect(options.excludeCredentials).toEqual([]);

      const authenticator = new SoftwareAuthenticator(tessera.issuer);
      const response = authenticator.register(options);
      const added = await browser.follow('/account/passkeys', {
        form: { csrf_token: csrfOf(account), response: JSON.stringify(response), name: '  Work laptop ' },
      });
      expect(new URL(added.url).search).toBe('?done=passkey_added');
      expect(added.body).toContain('<span class="passkey-name">Work laptop</span>');
      const [stored] = await passkeysOf(user.id);
      expect(stored).toMatchObject({
        id: response.id,
        name: 'Work laptop',
        counter: 0,
        transports: '["internal"]',
        device_type: 'singleDevice',
        backed_up: 0,
        last_used_at: null,
      });
      // The next registration leaves out the authenticator that has one already.
      const again = await optionsFrom(browser, added, '/account/passkeys/options');
      expect(again.json.excludeCredentials).toEqual([
        { id: response.id, type: 'public-key', transports: ['internal'] },
      ]);
    });

    it('refuses a response for another origin, another challenge, or one posted a second time', async () => {
      const { user, browser } = await signedIn();
      const authenticator = new SoftwareAuthenticator(tessera.issuer);
      const wrongOrigin = await addPasskey(browser, authenticator, 'Laptop', {
        origin: 'https://evil.example',
      });
      expect(wrongOrigin.status).toBe(400);
      expect(pageErrorCodes(wrongOrigin.body)).toEqual(['passkey_failed']);
      const wrongChallenge = await addPasskey(browser, authenticator, 'Laptop', {
        challenge: Buffer.from('not the challenge').toString('base64url'),
      });
      expect(pageErrorCodes(wrongChallenge.body)).toEqual(['passkey_failed']);
      expect(await passkeysOf(user.id)).toEqual([]);

      const account = await browser.follow('/account');
      const { json: options } = await optionsFrom(browser, account, '/account/passkeys/options');
      const form = {
        csrf_token: csrfOf(account),
        response: JSON.stringify(authenticator.register(options)),
        name: 'A',
      };
      expect((await browser.request('/account/passkeys', { form })).status).toBe(303);
      const replayed = await browser.request('/account/passkeys', { form });
      expect(replayed.status).toBe(400);
      expect(pageErrorCodes(replayed.body)).toEqual(['passkey_failed']);
      expect(await passkeysOf(user.id)).toHaveLength(1);
    });

    it('refuses a challenge issued to another session, even of the same account', async () => {
      const { user, browser } = await signedIn();
      const other = new FormBrowser(tessera.issuer);
      const otherAccount = await other.submit(await other.follow('/account'), {
        email: user.email,
        password: PASSWORD,
      });
      const { json: options } = await optionsFrom(other, otherAccount, '/account/passkeys/options');
      const account = await browser.follow('/account');
      const response = new SoftwareAuthenticator(tessera.issuer).register(options);
      const added = await browser.request('/account/passkeys', {
        form: { csrf_token: csrfOf(account), response: JSON.stringify(response), name: 'Laptop' },
      });
      expect(pageErrorCodes(added.body)).toEqual(['passkey_failed']);
      expect(await passkeysOf(user.id)).toEqual([]);
    });

    it('needs a recent sign-in: the options send the script to sign in again', async () => {
      const { browser, account } = await signedIn();
      clock.advanceSeconds(5 * 60);
      const { status, json } = await optionsFrom(browser, account, '/account/passkeys/options');
      expect(status).toBe(403);
      expect(json).toEqual({
        error: 'reauthentication_required',
        message: 'sign in again to make this change',
        location: '/login?reauthenticate=1&return_to=%2Faccount',
      });
    });

    it('refuses a malformed response and an empty name with their codes', async () => {
      const { browser, account } = await signedIn();
      const garbage = await browser.request('/account/passkeys', {
        form: { csrf_token: csrfOf(account), response: '{"id":', name: 'Laptop' },
      });
      expect(pageErrorCodes(garbage.body)).toEqual(['passkey_failed']);
      const unnamed = await addPasskey(browser, new SoftwareAuthenticator(tessera.issuer), '   ');
      expect(unnamed.status).toBe(400);
      expect(pageErrorCodes(unnamed.body)).toEqual(['invalid_passkey_name']);
    });
  });

  describe('signing in with a passkey instead of a password', () => {
    it('offers the passkey autofill and button, and asks for any passkey with user verification', async () => {
      const browser = new FormBrowser(tessera.issuer);
      const login = await browser.follow('/login');
      expect(login.body).toContain('autocomplete="username webauthn"');
      expect(login.body).toContain('Sign in with a passkey');
      const { status, json: options } = await optionsFrom(browser, login, '/login/passkey/options');
      expect(status).toBe(200);
      expect(options).toMatchObject({
        rpId: 'localhost',
        allowCredentials: [],
        userVerification: 'required',
      });
    });

    it('signs the credential’s account in, with amr hwk, user and mfa, and records the use', async () => {
      const { user, authenticator } = await accountWithPasskey();
      const { result } = await passkeySignIn(authenticator);
      expect(result.status).toBe(303);
      expect(result.location).toBe('/');
      const sessions = await sessionsOf(user.id);
      expect(JSON.parse(sessions.at(-1)?.amr as string)).toEqual(['hwk', 'user', 'mfa']);
      const [stored] = await passkeysOf(user.id);
      expect(stored?.counter).toBe(1);
      expect(stored?.last_used_at).toBe(Math.floor(clock.now() / 1000));
    });

    it('refuses, all alike, an unknown credential, a bad signature, no user verification and another origin', async () => {
      const { authenticator } = await accountWithPasskey();
      const stranger = new SoftwareAuthenticator(tessera.issuer);
      stranger.register({ challenge: 'AAAA', rp: { id: 'localhost' }, user: { id: 'someone' } });
      const refusals = [
        await passkeySignIn(stranger),
        await passkeySignIn(authenticator, { badSignature: true }),
        await passkeySignIn(authenticator, { userVerified: false }),
        await passkeySignIn(authenticator, { origin: 'http://localhost:1' }),
        await passkeySignIn(authenticator, { challenge: Buffer.from('made up').toString('base64url') }),
      ];
      for (const { result } of refusals) {
        expect(result.status).toBe(401);
        expect(pageErrorCodes(result.body)).toEqual(['passkey_failed']);
        expect(
          result.headers.has('set-cookie') && result.headers.get('set-cookie')?.includes('session'),
        ).toBe(false);
      }
      const bodies = refusals.map(
        ({ result }) => /<p class="error"[^>]*>([^<]*)<\/p>/.exec(result.body)?.[1],
      );
      expect(new Set(bodies).size).toBe(1);
      // The real passkey still works afterwards.
      expect((await passkeySignIn(authenticator)).result.status).toBe(303);
    });

    it('takes a challenge once: the same assertion posted again is refused', async () => {
      const { user, authenticator } = await accountWithPasskey();
      const { browser, form, result } = await passkeySignIn(authenticator);
      expect(result.status).toBe(303);
      const replayed = await browser.request('/login/passkey', { form });
      expect(replayed.status).toBe(401);
      expect(pageErrorCodes(replayed.body)).toEqual(['passkey_failed']);
      expect(await sessionsOf(user.id)).toHaveLength(2); // the password's at registration, and the passkey's
    });

    it('refuses a challenge fetched by another browser, and a counter that went back', async () => {
      const { authenticator } = await accountWithPasskey();
      const other = new FormBrowser(tessera.issuer);
      const { json: othersOptions } = await optionsFrom(
        other,
        await other.follow('/login'),
        '/login/passkey/options',
      );
      const browser = new FormBrowser(tessera.issuer);
      const login = await browser.follow('/login');
      const stolen = await browser.request('/login/passkey', {
        form: {
          csrf_token: csrfOf(login),
          response: JSON.stringify(authenticator.authenticate(othersOptions)),
        },
      });
      expect(pageErrorCodes(stolen.body)).toEqual(['passkey_failed']);

      expect((await passkeySignIn(authenticator)).result.status).toBe(303);
      const cloned = await passkeySignIn(authenticator, { counter: 1 });
      expect(cloned.result.status).toBe(401);
      expect(pageErrorCodes(cloned.result.body)).toEqual(['passkey_failed']);
    });

    it('refuses a passkey of a disabled account', async () => {
      const { user, authenticator } = await accountWithPasskey();
      await tessera.runtime.db
        .updateTable('users')
        .set({ disabled_at: 1 })
        .where('id', '=', user.id)
        .execute();
      const { result } = await passkeySignIn(authenticator);
      expect(pageErrorCodes(result.body)).toEqual(['passkey_failed']);
    });

    it('limits failed attempts per network, with a wait, before looking at the response', async () => {
      const deps = {
        stores: tessera.runtime.stores,
        relyingParty: relyingPartyFor(tessera.issuer),
        clock,
      };
      const browser = { address: '203.0.113.9', binding: 'some-browser' };
      const codes: string[] = [];
      for (let i = 0; i <= PASSKEY_FAILURE_LIMIT.max; i++) {
        const failure = await signInWithPasskey(deps, browser, '{}').catch((error: PasskeyError) => error);
        codes.push((failure as PasskeyError).code);
      }
      expect(codes.slice(0, -1).every((code) => code === 'passkey_failed')).toBe(true);
      const last = await signInWithPasskey(deps, browser, '{}').catch((error: PasskeyError) => error);
      expect(last).toMatchObject({ code: 'too_many_attempts' });
      expect((last as PasskeyError).retryAfterSeconds).toBeGreaterThan(0);
      expect(codes.at(-1)).toBe('too_many_attempts');
      // Another network is not held up.
      const elsewhere = await signInWithPasskey(deps, { ...browser, address: '203.0.113.10' }, '{}').catch(
        (error: PasskeyError) => error,
      );
      expect(elsewhere).toMatchObject({ code: 'passkey_failed' });
    });

    it('keeps challenges, assertions and keys out of the logs', async () => {
      const { authenticator } = await accountWithPasskey();
      const { options, form } = await passkeySignIn(authenticator);
      const logs = tessera.logs();
      const response = JSON.parse(form.response);
      expect(logs).not.toContain(options.challenge);
      expect(logs).not.toContain(response.response.signature);
      expect(logs).not.toContain(response.response.clientDataJSON);
    });
  });

  describe('a passkey as the second factor', () => {
    it('follows the password, offers the account’s passkeys, and signs in with amr pwd, hwk, user, mfa', async () => {
      const { user, authenticator } = await accountWithPasskey();
      const browser = new FormBrowser(tessera.issuer);
      const prompt = await browser.submit(await browser.follow('/login'), {
        email: user.email,
        password: PASSWORD,
      });
      expect(new URL(prompt.url).pathname).toBe('/login/second-factor');
      expect(prompt.body).toContain('id="passkey-second-factor"');
      // No TOTP on this account: no code to ask for.
      expect(prompt.body).not.toContain('autocomplete="one-time-code"');
      const { json: options } = await optionsFrom(browser, prompt, '/login/second-factor/passkey/options');
      expect(options.allowCredentials).toEqual([
        {
          id: authenticator.credentials[0]?.id.toString('base64url'),
          type: 'public-key',
          transports: ['internal'],
        },
      ]);
      expect(options.userVerification).toBe('preferred');
      const form = {
        csrf_token: csrfOf(prompt),
        return_to: '/',
        response: JSON.stringify(authenticator.authenticate(options)),
      };
      const done = await browser.request('/login/second-factor/passkey', { form });
      expect(done.status).toBe(303);
      expect(done.location).toBe('/');
      expect(JSON.parse((await sessionsOf(user.id)).at(-1)?.amr as string)).toEqual([
        'pwd',
        'hwk',
        'user',
        'mfa',
      ]);
    });

    it('refuses another account’s passkey and a bad signature, and the pending sign-in passes once', async () => {
      const { user, authenticator } = await accountWithPasskey();
      const { authenticator: others } = await accountWithPasskey();
      const browser = new FormBrowser(tessera.issuer);
      const prompt = await browser.submit(await browser.follow('/login'), {
        email: user.email,
        password: PASSWORD,
      });
      const attempt = async (answer: (options: { challenge: string }) => Record<string, unknown>) => {
        const { json: options } = await optionsFrom(browser, prompt, '/login/second-factor/passkey/options');
        const form = {
          csrf_token: csrfOf(prompt),
          return_to: '/',
          response: JSON.stringify(answer(options)),
        };
        return { form, result: await browser.request('/login/second-factor/passkey', { form }) };
      };
      const wrongAccount = await attempt((options) => others.authenticate(options));
      expect(wrongAccount.result.status).toBe(401);
      expect(pageErrorCodes(wrongAccount.result.body)).toEqual(['passkey_failed']);
      const badSignature = await attempt((options) =>
        authenticator.authenticate(options, { badSignature: true }),
      );
      expect(pageErrorCodes(badSignature.result.body)).toEqual(['passkey_failed']);

      const pendingCookie = browser.cookies.get('__Host-tessera-pending-sign-in') as string;
      const passed = await attempt((options) => authenticator.authenticate(options));
      expect(passed.result.status).toBe(303);
      // The same pending sign-in, with a fresh challenge and a good assertion, does not sign in twice.
      browser.cookies.set('__Host-tessera-pending-sign-in', pendingCookie);
      const again = await attempt((options) => authenticator.authenticate(options));
      expect(again.result.status).toBe(303);
      expect(again.result.location).toBe('/login?expired=1');
    });

    it('counts failed passkey answers against the account’s second-factor attempts', async () => {
      const { user, authenticator } = await accountWithPasskey();
      const browser = new FormBrowser(tessera.issuer);
      const prompt = await browser.submit(await browser.follow('/login'), {
        email: user.email,
        password: PASSWORD,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const { json: options } = await optionsFrom(browser, prompt, '/login/second-factor/passkey/options');
        const response = JSON.stringify(authenticator.authenticate(options, { badSignature: true }));
        const result = await browser.request('/login/second-factor/passkey', {
          form: { csrf_token: csrfOf(prompt), return_to: '/', response },
        });
        statuses.push(result.status);
        if (i === 5) {
          expect(pageErrorCodes(result.body)).toEqual(['too_many_attempts']);
          expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    });
  });

  describe('renaming and removing', () => {
    it('renames a passkey, refuses a bad name, and cannot reach another account’s passkey', async () => {
      const { user, browser } = await signedIn();
      const authenticator = new SoftwareAuthenticator(tessera.issuer);
      const account = await addPasskey(browser, authenticator);
      const id = authenticator.credentials[0]?.id.toString('base64url') as string;
      const renamed = await browser.follow('/account/passkeys/rename', {
        form: { csrf_token: csrfOf(account), id, name: 'Phone' },
      });
      expect(renamed.body).toContain('<span class="passkey-name">Phone</span>');
      const tooLong = await browser.request('/account/passkeys/rename', {
        form: { csrf_token: csrfOf(account), id, name: 'x'.repeat(65) },
      });
      expect(tooLong.status).toBe(400);
      expect(pageErrorCodes(tooLong.body)).toEqual(['invalid_passkey_name']);

      const { browser: intruder, account: intrudersPage } = await signedIn();
      const renamedByOther = await intruder.request('/account/passkeys/rename', {
        form: { csrf_token: csrfOf(intrudersPage), id, name: 'Mine now' },
      });
      expect(renamedByOther.status).toBe(404);
      expect(pageErrorCodes(renamedByOther.body)).toEqual(['passkey_not_found']);
      await intruder.request('/account/passkeys/remove', { form: { csrf_token: csrfOf(intrudersPage), id } });
      expect((await passkeysOf(user.id)).map((passkey) => passkey.name)).toEqual(['Phone']);
    });

    it('removes a passkey only after a recent sign-in, and it no longer signs in', async () => {
      const { user, browser } = await signedIn();
      const authenticator = new SoftwareAuthenticator(tessera.issuer);
      const account = await addPasskey(browser, authenticator);
      const id = authenticator.credentials[0]?.id.toString('base64url') as string;
      clock.advanceSeconds(5 * 60);
      const stale = await browser.request('/account/passkeys/remove', {
        form: { csrf_token: csrfOf(account), id },
      });
      expect(stale.location).toBe('/login?reauthenticate=1&return_to=%2Faccount');
      expect(await passkeysOf(user.id)).toHaveLength(1);

      const login = await browser.follow(stale.location as string);
      const prompt = await browser.submit(login, { email: user.email, password: PASSWORD });
      // The account has a passkey now, so the password is followed by the second factor.
      const { json: options } = await optionsFrom(browser, prompt, '/login/second-factor/passkey/options');
      const back = await browser.follow('/login/second-factor/passkey', {
        form: {
          csrf_token: csrfOf(prompt),
          return_to: returnToOf(prompt),
          response: JSON.stringify(authenticator.authenticate(options)),
        },
      });
      expect(new URL(back.url).pathname).toBe('/account');
      const removed = await browser.follow('/account/passkeys/remove', {
        form: { csrf_token: csrfOf(back), id },
      });
      expect(removed.body).toContain('Passkey removed');
      expect(await passkeysOf(user.id)).toEqual([]);
      expect(pageErrorCodes((await passkeySignIn(authenticator)).result.body)).toEqual(['passkey_failed']);
    });
  });
});

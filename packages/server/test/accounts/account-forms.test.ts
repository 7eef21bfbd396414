// The account page's own forms over HTTP: the name, the password (current one first; every browser and app signed
// out, this browser signed in again), the list of browsers with "sign out" for another one, and the apps allowed
// with "revoke", which ends that app's refresh tokens. Every form refuses a cross-site post.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainCode, redeemCode, signedInBrowser } from '../support/code-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser, createWebApp, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
const NEW_PASSWORD = 'a different long passphrase';

describe('the account page forms', () => {
  let tessera: TestServer;
  let clock: TestClock;
  let nextAccount = 0;

  beforeAll(async () => {
    clock = new TestClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    tessera = await startTestServer({ clock });
  });
  afterAll(() => tessera.cleanup());

  async function account() {
    const email = `account-${nextAccount++}@example.com`;
    const user = await createTestUser(tessera, email);
    return { email, user };
  }

  /** Signs in from a browser that says it is `userAgent`. */
  async function browserAs(email: string, userAgent: string) {
    const browser = new FormBrowser(tessera.issuer);
    const login = await browser.request('/login', { headers: { 'user-agent': userAgent } });
    const form = /name="csrf_token" value="([^"]+)"/.exec(login.body)?.[1] as string;
    const done = await browser.request('/login', {
      form: { csrf_token: form, email, password: PASSWORD, return_to: '/' },
      headers: { 'user-agent': userAgent },
    });
    expect(done.status).toBe(303);
    return browser;
  }

  const sessionCount = async (userId: string) =>
    (await tessera.runtime.db.selectFrom('sessions').select('sid').where('user_id', '=', userId).execute())
      .length;

  it('shows the profile with the email’s verified state, and saves the name', async () => {
    const { email } = await account();
    const browser = await signedInBrowser(tessera, email);
    const page = await browser.follow('/account');
    expect(page.body).toContain('data-email-verified="true"');
    expect(page.body).toContain('value="Ann Example"');
    const saved = await browser.submit(
      page,
      { name: 'Ann Q. Example' },
      formIndexOf(page, '/account/profile'),
    );
    expect(saved.url).toContain('done=profile_saved');
    expect(saved.body).toContain('value="Ann Q. Example"');
    const refused = await browser.submit(
      saved,
      { name: 'x'.repeat(300) },
      formIndexOf(saved, '/account/profile'),
    );
    expect(refused.status).toBe(400);
    expect(pageErrorCodes(refused.body)).toEqual(['invalid_profile']);
  });

  it('changes the password only with the current one, signs out every other browser and app, and keeps this one', async () => {
    const { email, user } = await account();
    const app = await createWebApp(tessera, { firstParty: true });
    const other = await signedInBrowser(tessera, email);
    const { code, verifier } = await obtainCode(tessera, other, app.clientId);
    const { refresh_token: refreshToken } = (await (
      await redeemCode(tessera, app, code, verifier)
    ).json()) as {
      refresh_token: string;
    };
    const browser = await signedInBrowser(tessera, email);
    const page = await browser.follow('/account');
    const index = formIndexOf(page, '/account/password');

    const wrong = await browser.submit(
      page,
      { current_password: 'not my password', password: NEW_PASSWORD, password_confirm: NEW_PASSWORD },
      index,
    );
    expect(wrong.status).toBe(401);
    expect(pageErrorCodes(wrong.body)).toEqual(['invalid_credentials']);
    const weak = await browser.submit(
      page,
      { current_password: PASSWORD, password: 'short', password_confirm: 'short' },
      index,
    );
    expect(weak.status).toBe(400);
    expect(pageErrorCodes(weak.body)).toEqual(['password_too_short']);

    const changed = await browser.submit(
      page,
      { current_password: PASSWORD, password: NEW_PASSWORD, password_confirm: NEW_PASSWORD },
      index,
    );
    expect(changed.url).toContain('done=password_changed');
    expect(changed.body).toContain('Your password is changed');
    // This browser is signed in again; the other one is not, and the app's refresh token is dead.
    expect(await sessionCount(user.id)).toBe(1);
    expect((await other.follow('/')).body).not.toContain('You are signed in');
    const refresh = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      { authorization: basicAuth(app.clientId, app.clientSecret) },
    );
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
    // The new password signs in; the old one does not.
    expect((await signedInBrowser(tessera, email, NEW_PASSWORD)).cookies.size).toBeGreaterThan(0);
    await expect(signedInBrowser(tessera, email, PASSWORD)).rejects.toThrow(/sign-in failed with 401/);
  });

  it('lists the browsers signed in, this one marked, and signs another one out', async () => {
    const { email, user } = await account();
    const phone = await browserAs(email, SAFARI_IPHONE);
    clock.advanceSeconds(120);
    const laptop = await browserAs(email, FIREFOX);
    const page = await laptop.follow('/account');
    expect(page.body).toContain('Firefox on Linux');
    expect(page.body).toContain('Safari on iOS');
    expect(page.body).toMatch(/data-current="true">\s*<div class="item-text">\s*<strong>Firefox on Linux/);
    expect(page.body).toContain('127.0.0.1');

    const sids = [...page.body.matchAll(/data-sid="([^"]+)"/g)].map((match) => match[1]);
    expect(sids).toHaveLength(2);
    // One sign-out form: the current browser has none.
    const signOut = formIndexOf(page, '/account/sessions/sign-out');
    const done = await laptop.submit(page, {}, signOut);
    expect(done.url).toContain('done=session_ended');
    expect(await sessionCount(user.id)).toBe(1);
    expect((await phone.follow('/')).body).not.toContain('You are signed in');
    expect((await laptop.follow('/')).body).toContain('You are signed in');
  });

  it('a sid of another account signs no one out', async () => {
    const { email: annEmail, user: ann } = await account();
    const { email: bobEmail } = await account();
    await signedInBrowser(tessera, annEmail);
    const annSid = (
      await tessera.runtime.db
        .selectFrom('sessions')
        .select('sid')
        .where('user_id', '=', ann.id)
        .executeTakeFirstOrThrow()
    ).sid;
    const bob = await signedInBrowser(tessera, bobEmail);
    const page = await bob.follow('/account');
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] as string;
    await bob.follow('/account/sessions/sign-out', { form: { csrf_token: csrf, sid: annSid } });
    expect(await sessionCount(ann.id)).toBe(1);
  });

  it('updates last seen at most once a minute', async () => {
    const { email, user } = await account();
    const browser = await signedInBrowser(tessera, email);
    const lastSeen = async () =>
      Number(
        (
          await tessera.runtime.db
            .selectFrom('sessions')
            .select('last_seen_at')
            .where('user_id', '=', user.id)
            .executeTakeFirstOrThrow()
        ).last_seen_at,
      );
    const first = await lastSeen();
    clock.advanceSeconds(30);
    await browser.follow('/account');
    expect(await lastSeen()).toBe(first);
    clock.advanceSeconds(31);
    await browser.follow('/account');
    expect(await lastSeen()).toBe(first + 61);
  });

  it('lists the apps allowed and revoking one ends its refresh tokens and asks for consent again', async () => {
    const { email, user } = await account();
    const app = await createWebApp(tessera);
    const browser = await signedInBrowser(tessera, email);
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
    const tokens = (await (await redeemCode(tessera, app, code, verifier)).json()) as {
      refresh_token: string;
    };

    const page = await browser.follow('/account');
    expect(page.body).toContain(`data-client-id="${app.clientId}"`);
    expect(page.body).toContain('Example App');
    const revoked = await browser.submit(page, {}, formIndexOf(page, '/account/applications/revoke'));
    expect(revoked.url).toContain('done=application_revoked');
    expect(revoked.body).not.toContain(`data-client-id="${app.clientId}"`);
    expect(await tessera.runtime.stores.consents.grantedScopes(user.id, app.clientId)).toEqual([]);

    const refresh = await postForm(
      `${tessera.issuer}/oauth2/token`,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      { authorization: basicAuth(app.clientId, app.clientSecret) },
    );
    expect(((await refresh.json()) as { error: string }).error).toBe('invalid_grant');
    // The next authorization asks again.
    const again = await browser.follow(
      `/oauth2/authorize?${new URLSearchParams({
        client_id: app.clientId,
        redirect_uri: 'https://app.example.com/callback',
        response_type: 'code',
        scope: 'openid',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
    );
    expect(again.body).toContain('action="/oauth2/consent"');
  });

  it('refuses a cross-site post to each of the new forms', async () => {
    const { email } = await account();
    const browser = await signedInBrowser(tessera, email);
    const page = await browser.follow('/account');
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] as string;
    for (const path of [
      '/account/profile',
      '/account/password',
      '/account/sessions/sign-out',
      '/account/applications/revoke',
    ]) {
      const response = await browser.request(path, {
        form: { csrf_token: csrf, name: 'Mallory' },
        headers: { origin: 'https://evil.example' },
      });
      expect(response.status).toBe(403);
      const forged = await browser.request(path, { form: { csrf_token: 'forged', name: 'Mallory' } });
      expect(forged.status).toBe(403);
    }
    expect((await browser.follow('/account')).body).not.toContain('Mallory');
  });
});

/** The index of the page's form that posts to `action`. */
function formIndexOf(page: { body: string }, action: string): number {
  const actions = [...page.body.matchAll(/<form method="post" action="([^"]+)"/g)].map((match) => match[1]);
  const index = actions.indexOf(action);
  if (index < 0) throw new Error(`no form posts to ${action}`);
  return index;
}

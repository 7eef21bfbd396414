// Sign-up and password reset begun from an app's sign-in page go back to that app's authorization request
// (return_to) afterwards, and a forged or foreign return_to leads nowhere but Tessera's own pages.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundMail } from '../../src/accounts/background-mail.js';
import { PASSWORD_CHANGED_NOTICE } from '../../src/ui/password-reset-pages.js';
import { SIGNED_UP_NOTICE } from '../../src/ui/signup-page.js';
import { authorizeUrl, pkcePair, redeemCode } from '../support/code-flow.js';
import { type BrowserResponse, FormBrowser } from '../support/form-browser.js';
import { APP_REDIRECT_URI, createTestUser, createWebApp, PASSWORD } from '../support/sign-in-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CHOSEN = 'orchard lantern pebble sky';
const SESSION_COOKIE = '__Host-tessera-session';
/** return_to values that are not a path into this issuer's authorization endpoint. */
const FOREIGN_RETURN_TOS = [
  'https://evil.example/oauth2/authorize?client_id=x',
  '//evil.example/oauth2/authorize?client_id=x',
  '/\\evil.example/oauth2/authorize?client_id=x',
  '/oauth2/authorize/../../evil?x',
  '/oauth2/authorize?x=%0d%0aLocation:%20https://evil.example\r\nLocation: https://evil.example',
  '/oauth2/authorize?x=\u00e9',
  '/oauth2/authorize?x=\u2028',
];

/** A third-party app's authorization request, opened in a fresh browser: it lands on the sign-in page. */
async function startAuthorization(tessera: TestServer, app: { clientId: string }) {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const browser = new FormBrowser(tessera.issuer);
  const signInPage = await browser.follow(
    authorizeUrl(tessera, {
      client_id: app.clientId,
      redirect_uri: APP_REDIRECT_URI,
      response_type: 'code',
      scope: 'openid orders:read',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
    }),
  );
  expect(new URL(signInPage.url).pathname).toBe('/login');
  const returnTo = new URL(signInPage.url).searchParams.get('return_to') ?? '';
  expect(returnTo).toMatch(/^\/oauth2\/authorize\?/);
  return { browser, signInPage, returnTo, verifier, state };
}

/** The href of the page's link with this text, as the browser would follow it. */
function linkOn(page: BrowserResponse, text: string): string {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const href = new RegExp(`<a href="([^"]*)">${escaped}</a>`).exec(page.body)?.[1];
  if (href === undefined) throw new Error(`no link "${text}" on ${page.url}`);
  return href.replace(/&amp;/g, '&');
}

const hiddenReturnTo = (page: BrowserResponse) =>
  /name="return_to" value="([^"]*)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&');

/** Consents if asked, and returns the app's callback: the code and state the app receives. */
async function onToTheApp(browser: FormBrowser, page: BrowserResponse): Promise<URL> {
  const answer = page.body.includes('action="/oauth2/consent"')
    ? await browser.submit(page, { decision: 'allow' })
    : page;
  expect(answer.status).toBe(303);
  const callback = new URL(answer.location ?? 'about:blank');
  expect(`${callback.origin}${callback.pathname}`).toBe(APP_REDIRECT_URI);
  return callback;
}

async function expectTokensFor(
  tessera: TestServer,
  app: { clientId: string; clientSecret: string },
  callback: URL,
  flow: { state: string; verifier: string },
) {
  expect(callback.searchParams.get('state')).toBe(flow.state);
  const tokens = await redeemCode(tessera, app, callback.searchParams.get('code') ?? '', flow.verifier);
  expect(tokens.status).toBe(200);
  expect(await tokens.json()).toMatchObject({
    access_token: expect.any(String),
    id_token: expect.any(String),
  });
}

describe('sign-up from an app, without mail', () => {
  let tessera: TestServer;
  let app: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    tessera = await startTestServer({
      env: { TESSERA_SIGNUP_ENABLED: 'true', TESSERA_TRUSTED_PROXIES: '127.0.0.1' },
    });
    app = await createWebApp(tessera);
    await createTestUser(tessera, 'taken@example.com');
  });
  afterAll(() => tessera.cleanup());

  it('"Create one" carries the request; sign-up leads to its sign-in page, email filled in, and on to the app', async () => {
    const flow = await startAuthorization(tessera, app);
    const { browser, returnTo } = flow;
    const signUpPage = await browser.follow(linkOn(flow.signInPage, 'Create one'));
    expect(hiddenReturnTo(signUpPage)).toBe(returnTo);
    expect(linkOn(signUpPage, 'Sign in')).toBe(`/login?${new URLSearchParams({ return_to: returnTo })}`);

    const signedUp = await browser.submit(signUpPage, {
      name: 'New One',
      email: 'newcomer@example.com',
      password: CHOSEN,
      password_confirm: CHOSEN,
    });
    expect(new URL(signedUp.url).pathname).toBe('/login');
    expect(new URL(signedUp.url).searchParams.get('registered')).toBe('1');
    expect(signedUp.body).toContain(SIGNED_UP_NOTICE);
    expect(signedUp.body).toContain('to continue to <strong>Example App</strong>');
    expect(signedUp.body).toContain('value="newcomer@example.com"');
    expect(hiddenReturnTo(signedUp)).toBe(returnTo);
    // The email is filled in from a cookie read once, never from the URL.
    expect(signedUp.url).not.toContain('newcomer');
    expect(browser.cookies.has('__Host-tessera-login-hint')).toBe(false);
    // Direct sign-up does not sign in (see signup-page.ts): the person signs in with the password just chosen.
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);

    const signedIn = await browser.submit(signedUp, { email: 'newcomer@example.com', password: CHOSEN });
    await expectTokensFor(tessera, app, await onToTheApp(browser, signedIn), flow);
  });

  it('a sign-up for an already registered email answers alike and signs no one in', async () => {
    const { signInPage } = await startAuthorization(tessera, app);
    const answer = async (email: string, address: string) => {
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow(linkOn(signInPage, 'Create one'));
      const response = await browser.request('/signup', {
        form: {
          csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
          return_to: hiddenReturnTo(page) ?? '',
          email,
          password: CHOSEN,
          password_confirm: CHOSEN,
        },
        headers: { 'x-forwarded-for': address },
      });
      const cookies = response.headers.getSetCookie().map((c) => c.split('=')[0]);
      return { status: response.status, location: response.location, cookies };
    };
    const fresh = await answer('another.newcomer@example.com', '198.51.100.20');
    const taken = await answer('taken@example.com', '198.51.100.21');
    expect(fresh.status).toBe(303);
    expect(fresh.location).toMatch(/^\/login\?registered=1&return_to=%2Foauth2%2Fauthorize%3F/);
    expect(taken).toEqual(fresh);
    expect(fresh.cookies).not.toContain(SESSION_COOKIE);
  });

  it('without a pending request, the sign-in page links plainly and sign-up leads to the plain sign-in page', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const signInPage = await browser.follow('/login');
    expect(linkOn(signInPage, 'Create one')).toBe('/signup');
    const signUpPage = await browser.follow('/signup');
    expect(hiddenReturnTo(signUpPage)).toBe('/');
    const signedUp = await browser.submit(signUpPage, {
      email: 'plain@example.com',
      password: CHOSEN,
      password_confirm: CHOSEN,
    });
    expect(signedUp.url).toBe(`${tessera.issuer}/login?registered=1`);
    expect(signedUp.body).toContain('value="plain@example.com"');
    const signedIn = await browser.submit(signedUp, { email: 'plain@example.com', password: CHOSEN });
    expect(signedIn.body).toContain('You are signed in');
  });

  it('a forged or foreign return_to on the sign-up page is ignored: every answer stays on the issuer', async () => {
    for (const [i, forged] of FOREIGN_RETURN_TOS.entries()) {
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow(`/signup?${new URLSearchParams({ return_to: forged })}`);
      expect(page.status).toBe(200);
      expect(hiddenReturnTo(page)).toBe('/');
      const response = await browser.request('/signup', {
        form: {
          csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
          return_to: forged,
          email: `forger.${i}@example.com`,
          password: CHOSEN,
          password_confirm: CHOSEN,
        },
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}` },
      });
      // The form parser itself refuses control characters, before the page sees them.
      const expected = /[\r\n]/.test(forged)
        ? { status: 400, location: null }
        : { status: 303, location: '/login?registered=1' };
      expect({ status: response.status, location: response.location }).toEqual(expected);
      const signInPage = await browser.follow(`/login?${new URLSearchParams({ return_to: forged })}`);
      expect(hiddenReturnTo(signInPage)).toBe('/');
      expect(linkOn(signInPage, 'Create one')).toBe('/signup');
    }
  });

  it('signing in with a return_to no authorization request could have made goes home instead of failing', async () => {
    const browser = new FormBrowser(tessera.issuer);
    const page = await browser.follow('/login');
    const response = await browser.request('/login', {
      form: {
        csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
        // Not Latin-1, so it cannot go into a Location header at all.
        return_to: '/oauth2/authorize?client_id=\u4e2d',
        email: 'taken@example.com',
        password: PASSWORD,
      },
    });
    expect(response.status).toBe(303);
    expect(response.location).toBe('/');
  });

  it('a return_to into the authorization endpoint with a redirect_uri the app never registered ends on an error page', async () => {
    const forged = `/oauth2/authorize?${new URLSearchParams({
      client_id: app.clientId,
      redirect_uri: 'https://evil.example/callback',
      response_type: 'code',
      scope: 'openid',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    })}`;
    const browser = new FormBrowser(tessera.issuer);
    const signUpPage = await browser.follow(`/signup?${new URLSearchParams({ return_to: forged })}`);
    const signedUp = await browser.submit(signUpPage, {
      email: 'lured@example.com',
      password: CHOSEN,
      password_confirm: CHOSEN,
    });
    const landed = await browser.submit(signedUp, { email: 'lured@example.com', password: CHOSEN });
    // RFC 9700 §4.11.2: the authorization endpoint never redirects to an unregistered URI.
    expect(landed.status).toBe(400);
    expect(landed.location).toBeNull();
    expect(landed.url.startsWith(tessera.issuer)).toBe(true);
    expect(landed.body).toContain('This sign-in link is not valid');
  });
});

describe('sign-up by email and password reset from an app', () => {
  let tessera: TestServer;
  let inbox: SmtpInbox;
  let outbox: BackgroundMail;
  let app: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    tessera = await startTestServer({
      env: { TESSERA_SMTP_URL: inbox.url, TESSERA_SIGNUP_ENABLED: 'true' },
    });
    outbox = tessera.server.backgroundMail as BackgroundMail;
    app = await createWebApp(tessera);
  });
  afterAll(async () => {
    await tessera.cleanup();
    await inbox.close();
  });

  /** The link in the latest email to `email`. */
  async function emailedLink(email: string, path: '/signup/complete' | '/reset-password'): Promise<string> {
    await outbox.idle();
    const text = inbox.messages.filter((m) => m.to.includes(email)).at(-1)?.text ?? '';
    const link = new RegExp(`(http://127\\.0\\.0\\.1:\\d+${path}\\?token=[A-Za-z0-9_-]{43})\\s`).exec(
      text,
    )?.[1];
    if (!link) throw new Error(`no ${path} link in: ${text}`);
    // The link carries the token only: the pending request stays with the link record, server-side.
    expect(text).not.toMatch(/return_to|authorize/);
    return link;
  }

  it('sign-up by email keeps the request with the link; choosing the password signs in and goes on to the app', async () => {
    const flow = await startAuthorization(tessera, app);
    const { browser, returnTo } = flow;
    const signUpPage = await browser.follow(linkOn(flow.signInPage, 'Create one'));
    const sent = await browser.submit(signUpPage, { name: 'Mail One', email: 'by.mail@example.com' });
    expect(sent.url).toBe(
      `${tessera.issuer}/signup?${new URLSearchParams({ sent: '1', return_to: returnTo })}`,
    );
    expect(hiddenReturnTo(sent)).toBe(returnTo);
    // The notice's way back to the app's sign-in page keeps the request too.
    expect(linkOn(sent, 'Sign in')).toBe(`/login?${new URLSearchParams({ return_to: returnTo })}`);
    expect(linkOn(sent, 'reset your password')).toBe(
      `/forgot-password?${new URLSearchParams({ return_to: returnTo })}`,
    );

    const complete = await browser.follow(await emailedLink('by.mail@example.com', '/signup/complete'));
    expect(complete.url).toBe(`${tessera.issuer}/signup/complete`);
    const done = await browser.submit(complete, { password: CHOSEN, password_confirm: CHOSEN });
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
    await expectTokensFor(tessera, app, await onToTheApp(browser, done), flow);
    expect(await tessera.runtime.stores.users.findByEmail('by.mail@example.com')).toMatchObject({
      emailVerified: true,
    });
  });

  it('the link leads back only to the request kept with it, never to a return_to added to its URL', async () => {
    const forged = `/oauth2/authorize?${new URLSearchParams({ client_id: app.clientId, prompt: 'none' })}`;
    // Asked for without a pending request, then opened with one added to the link.
    const asker = new FormBrowser(tessera.issuer);
    const signUpPage = await asker.follow('/signup');
    await asker.submit(signUpPage, { email: 'plain.mail@example.com' });
    const link = await emailedLink('plain.mail@example.com', '/signup/complete');
    const browser = new FormBrowser(tessera.issuer);
    const complete = await browser.follow(`${link}&${new URLSearchParams({ return_to: forged })}`);
    expect(hiddenReturnTo(complete)).toBeUndefined();
    const done = await browser.submit(complete, { password: CHOSEN, password_confirm: CHOSEN });
    // As before there were pending requests: the sign-in page, email filled in, and no session.
    expect(done.url).toBe(`${tessera.issuer}/login?registered=1`);
    expect(done.body).toContain('value="plain.mail@example.com"');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it('a reset keeps the request with the link; the new password leads to its sign-in page, email filled in, and on to the app', async () => {
    await createTestUser(tessera, 'forgetful@example.com');
    const flow = await startAuthorization(tessera, app);
    const { browser, returnTo } = flow;
    const forgotPage = await browser.follow(linkOn(flow.signInPage, 'Forgot your password?'));
    expect(hiddenReturnTo(forgotPage)).toBe(returnTo);
    const sent = await browser.submit(forgotPage, { email: 'forgetful@example.com' });
    expect(sent.url).toBe(
      `${tessera.issuer}/forgot-password?${new URLSearchParams({ sent: '1', return_to: returnTo })}`,
    );
    expect(linkOn(sent, 'Back to sign-in')).toBe(`/login?${new URLSearchParams({ return_to: returnTo })}`);

    const resetPage = await browser.follow(await emailedLink('forgetful@example.com', '/reset-password'));
    const changed = await browser.submit(resetPage, { password: CHOSEN, password_confirm: CHOSEN });
    expect(changed.url).toBe(
      `${tessera.issuer}/login?${new URLSearchParams({ password_changed: '1', return_to: returnTo })}`,
    );
    expect(changed.body).toContain(PASSWORD_CHANGED_NOTICE);
    expect(changed.body).toContain('to continue to <strong>Example App</strong>');
    expect(changed.body).toContain('value="forgetful@example.com"');
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);

    const signedIn = await browser.submit(changed, { email: 'forgetful@example.com', password: CHOSEN });
    await expectTokensFor(tessera, app, await onToTheApp(browser, signedIn), flow);
  });

  it('a forged or foreign return_to on the reset form is ignored, and so is one tampered with in the database', async () => {
    await createTestUser(tessera, 'targeted@example.com');
    for (const forged of FOREIGN_RETURN_TOS.slice(0, 3)) {
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow(`/forgot-password?${new URLSearchParams({ return_to: forged })}`);
      expect(hiddenReturnTo(page)).toBe('/');
      expect(linkOn(page, 'Back to sign-in')).toBe('/login');
      const asked = await browser.request('/forgot-password', {
        form: {
          csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
          return_to: forged,
          email: 'targeted@example.com',
        },
      });
      expect(asked.location).toBe('/forgot-password?sent=1');
    }
    const link = await emailedLink('targeted@example.com', '/reset-password');
    const rows = await tessera.runtime.db.selectFrom('password_resets').select('return_to').execute();
    expect(
      rows.every((row) => row.return_to === null || row.return_to.startsWith('/oauth2/authorize?')),
    ).toBe(true);
    // Written straight into the store, as by someone with the database: still checked on the way out.
    await tessera.runtime.db
      .updateTable('password_resets')
      .set({ return_to: 'https://evil.example/' })
      .where('used_at', 'is', null)
      .execute();
    const browser = new FormBrowser(tessera.issuer);
    const resetPage = await browser.follow(link);
    const changed = await browser.submit(resetPage, { password: CHOSEN, password_confirm: CHOSEN });
    expect(changed.url).toBe(`${tessera.issuer}/login?password_changed=1`);
    expect(hiddenReturnTo(changed)).toBe('/');
    expect(changed.body).not.toContain('evil.example');
  });
});

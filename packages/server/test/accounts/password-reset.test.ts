import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundMail } from '../../src/accounts/background-mail.js';
import { createUser } from '../../src/accounts/create-user.js';
import type { User } from '../../src/accounts/user.js';
import { hashOpaqueSecret } from '../../src/crypto/opaque-secret.js';
import { PASSWORD_CHANGED_NOTICE, RESET_LINK_SENT_NOTICE } from '../../src/ui/password-reset-pages.js';
import { obtainCode, redeemCode, signedInBrowser } from '../support/code-flow.js';
import { type BrowserResponse, FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createWebApp, PASSWORD } from '../support/sign-in-fixtures.js';
import { expectSignedOutEverywhere } from '../support/signed-out-everywhere.js';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox.js';
import { stallNextAccountRead } from '../support/stall-account-read.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const NEW_PASSWORD = 'lantern meadow copper sky';
const SMTP_PASSWORD = 'smtp-secret-9f2c';

async function addUser(tessera: TestServer, email: string, options: { emailVerified?: boolean } = {}) {
  return createUser(
    { email, password: PASSWORD, name: 'Test Person', emailVerified: options.emailVerified ?? true },
    tessera.runtime.stores.users,
    tessera.passwordHasher,
    tessera.runtime.clock,
  );
}

let nextAddress = 1;
/** Each request comes from its own client address (through the trusted proxy) unless one is given. */
const freshAddress = () => `198.51.100.${nextAddress++}`;

/** Asks for a reset link on the page, as a browser does; returns the answer to the form post. */
async function askForLink(
  tessera: TestServer,
  email: string,
  address = freshAddress(),
  headers: Record<string, string> = {},
): Promise<BrowserResponse> {
  const browser = new FormBrowser(tessera.issuer);
  const page = await browser.follow('/forgot-password');
  return browser.request('/forgot-password', {
    form: { csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '', email },
    headers: { 'x-forwarded-for': address, ...headers },
  });
}

/** What two answers must share to be indistinguishable: everything but the per-response noise. */
function comparable(response: BrowserResponse) {
  const headers = Object.fromEntries(
    [...response.headers].filter(([name]) => !['date', 'set-cookie', 'keep-alive'].includes(name)),
  );
  // Each browser has its own CSRF token; nothing else in a page may differ.
  const body = response.body.replace(/name="csrf_token" value="[^"]+"/g, 'name="csrf_token"');
  return { status: response.status, location: response.location, headers, body };
}

function linkIn(text: string): string {
  const link = /(http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!link) throw new Error(`no reset link in: ${text}`);
  return link;
}

describe('password reset by email', () => {
  let tessera: TestServer;
  let inbox: SmtpInbox;
  /** Where the look-ups and emails happen; `outbox.idle()` waits until every request so far is handled. */
  let outbox: BackgroundMail;
  const clock = new TestClock(Date.now());

  beforeAll(async () => {
    inbox = await startSmtpInbox({ user: 'tessera', password: SMTP_PASSWORD });
    tessera = await startTestServer({
      clock,
      env: {
        TESSERA_SMTP_URL: inbox.url,
        TESSERA_MAIL_FROM: 'Example Login <login@example.com>',
        // Requests arrive "through a proxy" on 127.0.0.1, so X-Forwarded-For sets each one's client address.
        TESSERA_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    const backgroundMail = tessera.server.backgroundMail;
    if (!tessera.server.passwordResets || !backgroundMail)
      throw new Error('password reset should be on with TESSERA_SMTP_URL set');
    outbox = backgroundMail;
  });
  afterAll(async () => {
    await tessera.cleanup();
    await inbox.close();
  });

  const mailTo = (email: string) => inbox.messages.filter((m) => m.to.includes(email));

  it('the sign-in page offers "Forgot your password?"', async () => {
    const login = await fetch(`${tessera.issuer}/login`);
    expect(await login.text()).toContain('<a href="/forgot-password">Forgot your password?</a>');
  });

  it('a link by email sets a new password once, proves the email and signs the account out everywhere', async () => {
    const user = await addUser(tessera, 'reset.me@example.com', { emailVerified: false });
    // Before the reset: a browser session, and an app holding an access token and a refresh token.
    const oldBrowser = await signedInBrowser(tessera, user.email);
    const app = await createWebApp(tessera, { firstParty: true });
    const { code, verifier } = await obtainCode(tessera, oldBrowser, app.clientId);
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const asked = await askForLink(tessera, 'Reset.Me@Example.com');
    expect(asked.status).toBe(303);
    const notice = await new FormBrowser(tessera.issuer).follow(asked.location ?? '');
    expect(notice.body).toContain(RESET_LINK_SENT_NOTICE);
    await outbox.idle();

    const [mail, ...more] = mailTo(user.email);
    expect(more).toHaveLength(0);
    expect(mail?.from).toBe('login@example.com');
    expect(mail?.subject).toBe('Reset your password');
    const link = linkIn(mail?.text ?? '');
    const token = new URL(link).searchParams.get('token') ?? '';
    // Only the link's hash is stored.
    const rows = await tessera.runtime.db.selectFrom('password_resets').selectAll().execute();
    expect(rows.map((r) => r.token_hash)).toContain(hashOpaqueSecret(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    const browser = new FormBrowser(tessera.issuer);
    // The link's first request moves the token into a cookie and lands on the bare page.
    const landing = await browser.request(link);
    expect(landing.status).toBe(303);
    expect(landing.location).toBe('/reset-password');
    const cookie = landing.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-tessera-reset=[A-Za-z0-9_-]{43};/);
    for (const attribute of ['Max-Age=1800', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax'])
      expect(cookie.split('; ')).toContain(attribute);
    const form = await browser.follow(landing.location ?? '');
    expect(form.status).toBe(200);
    expect(form.url).toBe(`${tessera.issuer}/reset-password`);
    expect(form.body).toContain('Choose a new password');
    expect(form.body).toContain(user.email);
    expect(form.body).not.toContain(token);

    const mismatch = await browser.submit(form, {
      password: NEW_PASSWORD,
      password_confirm: 'something else',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body).toContain('The two passwords are not the same.');
    const common = await browser.submit(form, { password: 'password123', password_confirm: 'password123' });
    expect(common.status).toBe(400);
    expect(common.body).toContain('too common');
    const both = await browser.submit(form, { password: 'password123', password_confirm: 'password12' });
    expect(pageErrorCodes(both.body)).toEqual(['password_too_common', 'passwords_differ']);

    // A refused password leaves the link usable.
    const done = await browser.submit(form, { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
    expect(done.status).toBe(200);
    expect(done.url).toContain('/login?password_changed=1');
    expect(done.body).toContain(PASSWORD_CHANGED_NOTICE);

    const reused = await new FormBrowser(tessera.issuer).follow(link);
    expect(reused.status).toBe(400);
    expect(reused.body).toContain('invalid_reset_link');

    expect((await tessera.runtime.stores.users.findById(user.id))?.emailVerified).toBe(true);
    await expectSignedOutEverywhere(tessera, oldBrowser, app, tokens);

    // The old password no longer works; the new one does.
    const signIn = async (password: string) => {
      const b = new FormBrowser(tessera.issuer);
      return b.submit(await b.follow('/login'), { email: user.email, password });
    };
    expect((await signIn(PASSWORD)).status).toBe(401);
    expect((await signIn(NEW_PASSWORD)).body).toContain('You are signed in');
    // Neither the link, the new password nor the SMTP password reached the logs.
    expect(tessera.logs()).not.toContain(token);
    expect(tessera.logs()).not.toContain(NEW_PASSWORD);
    expect(tessera.logs()).not.toContain(SMTP_PASSWORD);
    expect(inbox.logins).toBeGreaterThan(0);
  });

  it('answers an unknown, a disabled and a known account alike, before even looking the account up', async () => {
    const known = await addUser(tessera, 'known@example.com');
    const disabled = await addUser(tessera, 'disabled@example.com');
    await tessera.runtime.stores.users.disable(disabled.id, 1);

    // Hold every account look-up until the answers are in: they cannot depend on what it finds, or on how long
    // it takes, so there is no status, body, header or timing difference to measure.
    const users = tessera.runtime.stores.users;
    const findByEmail = users.findByEmail;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let lookups = 0;
    users.findByEmail = async (email: string): Promise<User | undefined> => {
      lookups++;
      await held;
      return findByEmail.call(users, email);
    };
    try {
      const answers = [
        await askForLink(tessera, 'nobody@example.com'),
        await askForLink(tessera, disabled.email),
        await askForLink(tessera, known.email),
      ];
      expect(answers[0]?.status).toBe(303);
      expect(comparable(answers[1] as BrowserResponse)).toEqual(comparable(answers[0] as BrowserResponse));
      expect(comparable(answers[2] as BrowserResponse)).toEqual(comparable(answers[0] as BrowserResponse));
      release();
      await outbox.idle();
      expect(lookups).toBe(3);
    } finally {
      users.findByEmail = findByEmail;
      release();
    }
    expect(mailTo('nobody@example.com')).toHaveLength(0);
    expect(mailTo(disabled.email)).toHaveLength(0);
    expect(mailTo(known.email)).toHaveLength(1);
  });

  it('sends at most three links per account in 15 minutes, even to a burst of requests, and more later', async () => {
    const user = await addUser(tessera, 'flooded@example.com');
    const answers = await Promise.all(Array.from({ length: 8 }, () => askForLink(tessera, user.email)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(303));
    await outbox.idle();
    expect(mailTo(user.email)).toHaveLength(3);
    clock.advanceSeconds(15 * 60);
    await askForLink(tessera, user.email);
    await outbox.idle();
    expect(mailTo(user.email)).toHaveLength(4);
  });

  it('refuses a link after 30 minutes, a made-up link, and a link of a since-disabled account', async () => {
    const user = await addUser(tessera, 'slow@example.com');
    await askForLink(tessera, user.email);
    await outbox.idle();
    const link = linkIn(mailTo(user.email)[0]?.text ?? '');
    clock.advanceSeconds(30 * 60);
    const expired = await new FormBrowser(tessera.issuer).follow(link);
    expect(expired.status).toBe(400);
    expect(expired.body).toContain('invalid_reset_link');

    // A link that does not work is refused at once, and nothing of it is kept in a cookie.
    const madeUpBrowser = new FormBrowser(tessera.issuer);
    const madeUp = await madeUpBrowser.request(`/reset-password?token=${'A'.repeat(43)}`);
    expect(madeUp.status).toBe(400);
    expect(madeUpBrowser.cookies.has('__Host-tessera-reset')).toBe(false);
    const malformed = await new FormBrowser(tessera.issuer).follow('/reset-password?token[]=x');
    expect(malformed.status).toBe(400);
    const noToken = await fetch(`${tessera.issuer}/reset-password`);
    expect(noToken.status).toBe(400);

    const other = await addUser(tessera, 'leaver@example.com');
    await askForLink(tessera, other.email);
    await outbox.idle();
    const otherLink = linkIn(mailTo(other.email)[0]?.text ?? '');
    await tessera.runtime.stores.users.disable(other.id, 1);
    expect((await new FormBrowser(tessera.issuer).follow(otherLink)).status).toBe(400);
  });

  it('a link sent before the password was changed another way stops working, even on a page already open', async () => {
    const user = await addUser(tessera, 'changed.elsewhere@example.com');
    await askForLink(tessera, user.email);
    await outbox.idle();
    const browser = new FormBrowser(tessera.issuer);
    const form = await browser.follow(linkIn(mailTo(user.email)[0]?.text ?? ''));
    expect(form.status).toBe(200);
    // An administrator sets a new password (as `tessera users set-password` does) while the page is open.
    const adminHash = await tessera.passwordHasher.hash('administrator chosen phrase');
    await tessera.runtime.stores.users.setPassword(user.id, adminHash, 1);
    const refused = await browser.submit(form, { password: NEW_PASSWORD, password_confirm: NEW_PASSWORD });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('invalid_reset_link');
    expect((await tessera.runtime.stores.users.findById(user.id))?.passwordHash).toBe(adminHash);
  });

  /** Resets the account's password through the emailed link, as its owner would. */
  async function resetThroughLink(email: string, password: string) {
    const before = mailTo(email).length;
    await askForLink(tessera, email);
    await outbox.idle();
    const link = linkIn(mailTo(email)[before]?.text ?? '');
    const browser = new FormBrowser(tessera.issuer);
    const done = await browser.submit(await browser.follow(link), { password, password_confirm: password });
    expect(done.url).toContain('/login?password_changed=1');
  }

  it('a reset lifts the account-wide sign-in limit that guessing from everywhere ran up', async () => {
    await addUser(tessera, 'guessed@example.com');
    const signIn = async (password: string, address: string) => {
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow('/login');
      return browser.request('/login', {
        form: {
          csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
          email: 'guessed@example.com',
          password,
          return_to: '/',
        },
        headers: { 'x-forwarded-for': address },
      });
    };
    for (let i = 0; i < 100; i++) await signIn('wrong guess', `10.44.${Math.floor(i / 4)}.${i % 4}`);
    expect((await signIn(PASSWORD, '192.0.2.44')).status).toBe(429);
    await resetThroughLink('guessed@example.com', NEW_PASSWORD);
    expect((await signIn(NEW_PASSWORD, '192.0.2.45')).status).toBe(303);
  });

  it('a sign-in that checked the old password while the reset was made does not survive the reset', async () => {
    const user = await addUser(tessera, 'racing@example.com');
    // The attacker's sign-in reads the account (old password hash), then stalls until the reset has committed.
    const stall = stallNextAccountRead(tessera.runtime.stores.users, 'findByEmail', user.email);
    const attacker = new FormBrowser(tessera.issuer);
    let signIn: Promise<BrowserResponse> | undefined;
    try {
      signIn = attacker.submit(await attacker.follow('/login'), { email: user.email, password: PASSWORD });
      await stall.read;
      await resetThroughLink(user.email, NEW_PASSWORD);
    } finally {
      stall.release();
    }
    // The old password was right when it was checked, so the sign-in went through and set a session cookie...
    const answer = await signIn;
    expect(answer?.url).toBe(`${tessera.issuer}/`);
    expect(attacker.cookies.has('__Host-tessera-session')).toBe(true);
    // ...for a session the reset has already ended: it was begun with the credentials the reset replaced.
    expect(answer?.body).not.toContain('You are signed in');
    expect((await attacker.follow('/')).body).not.toContain('You are signed in');
  });

  it('an authorization code issued before a reset gets no tokens after it', async () => {
    const user = await addUser(tessera, 'coded@example.com');
    const browser = await signedInBrowser(tessera, user.email);
    const app = await createWebApp(tessera, { firstParty: true });
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
    await resetThroughLink(user.email, NEW_PASSWORD);
    const redeemed = await redeemCode(tessera, app, code, verifier);
    expect(redeemed.status).toBe(400);
    expect(await redeemed.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('an authorization already under way when the reset is made yields a code that gets no tokens', async () => {
    const user = await addUser(tessera, 'authorizing@example.com');
    const browser = await signedInBrowser(tessera, user.email);
    const app = await createWebApp(tessera, { firstParty: true });
    // The authorization request reads the signed-in account, then stalls until the reset has committed.
    const stall = stallNextAccountRead(tessera.runtime.stores.users, 'findById', user.id);
    let authorization: ReturnType<typeof obtainCode> | undefined;
    try {
      authorization = obtainCode(tessera, browser, app.clientId);
      await stall.read;
      await resetThroughLink(user.email, NEW_PASSWORD);
    } finally {
      stall.release();
    }
    // The code was issued (the session was live when it was read), after the reset had revoked every grant...
    const { code, verifier } = await (authorization as ReturnType<typeof obtainCode>);
    // ...and its sign-in has ended, so it buys nothing.
    const redeemed = await redeemCode(tessera, app, code, verifier);
    expect(redeemed.status).toBe(400);
    expect(await redeemed.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: 'the sign-in behind the authorization code has ended',
    });
  });

  it('of two submissions of one link at once, exactly one sets the password', async () => {
    const user = await addUser(tessera, 'racer@example.com');
    await askForLink(tessera, user.email);
    await outbox.idle();
    const link = linkIn(mailTo(user.email)[0]?.text ?? '');
    const browser = new FormBrowser(tessera.issuer);
    const form = await browser.follow(link);
    const outcomes = await Promise.all(
      ['first password here', 'second password here'].map((password) =>
        browser.submit(form, { password, password_confirm: password }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual([200, 400]);
  });

  it('refuses a cross-site post, and a post without or with a wrong CSRF token, to either form', async () => {
    for (const path of ['/forgot-password', '/reset-password']) {
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow('/forgot-password');
      const csrfToken = /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const crossSite = await browser.request(path, {
        form: { csrf_token: csrfToken, email: 'x@example.com' },
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      });
      expect(crossSite.status).toBe(403);
      const missing = await browser.request(path, { form: { email: 'x@example.com' } });
      expect(missing.status).toBe(403);
      const wrong = await browser.request(path, {
        form: { csrf_token: 'A'.repeat(43), email: 'x@example.com' },
      });
      expect(wrong.status).toBe(403);
    }
  });

  it('limits requests per client address (IPv6: per /64), answering the same for every account', async () => {
    await addUser(tessera, 'busy@example.com');
    const network = (i: number) => `2001:db8:77:1::${(i + 1).toString(16)}`;
    for (let i = 0; i < 10; i++)
      expect((await askForLink(tessera, 'busy@example.com', network(i))).status).toBe(303);
    const known = await askForLink(tessera, 'busy@example.com', network(10));
    const unknown = await askForLink(tessera, 'nobody@example.com', network(11));
    expect(known.status).toBe(429);
    expect(Number(known.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(known.body).toContain('Too many reset requests from your network');
    expect(comparable(unknown)).toEqual(comparable(known));
    // A burst from one network cannot slip past the count either.
    const burst = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        askForLink(tessera, `x${i}@example.com`, `2001:db8:88:1::${i + 1}`),
      ),
    );
    expect(burst.filter((a) => a.status === 303)).toHaveLength(10);
    expect(burst.filter((a) => a.status === 429)).toHaveLength(5);
    // Another network is not affected.
    expect((await askForLink(tessera, 'busy@example.com', '2001:db8:77:2::1')).status).toBe(303);
    await outbox.idle();
  });

  it('builds the link from the configured issuer, whatever Host or X-Forwarded-Host the request names', async () => {
    const user = await addUser(tessera, 'hosted@example.com');
    await askForLink(tessera, user.email, freshAddress(), { 'x-forwarded-host': 'evil.example' });
    await outbox.idle();
    const text = mailTo(user.email)[0]?.text ?? '';
    expect(linkIn(text).startsWith(`${tessera.issuer}/reset-password?token=`)).toBe(true);
    expect(text).not.toContain('evil.example');
  });

  it('never mails an account whose stored email a mail library could read as another address', async () => {
    const odd = await addUser(tessera, 'plain@example.com');
    // Written straight to the store: createUser itself refuses such addresses (see below).
    await tessera.runtime.stores.users.create({
      ...odd,
      id: 'odd-1',
      email: 'victim<attacker@evil.example>',
    });
    await askForLink(tessera, 'victim<attacker@evil.example>');
    await outbox.idle();
    expect(inbox.messages.filter((m) => m.to.some((to) => to.includes('evil.example')))).toHaveLength(0);
    for (const email of ['control\u0001@example.com', 'victim,attacker@evil.example']) {
      await expect(
        createUser(
          { email, password: PASSWORD },
          tessera.runtime.stores.users,
          tessera.passwordHasher,
          clock,
        ),
      ).rejects.toMatchObject({ code: 'invalid_email' });
    }
  });
});

describe('password reset without a mail server', () => {
  let tessera: TestServer;
  beforeAll(async () => {
    tessera = await startTestServer();
  });
  afterAll(() => tessera.cleanup());

  it('is not offered, and its pages say so', async () => {
    expect(tessera.server.passwordResets).toBeUndefined();
    expect(await (await fetch(`${tessera.issuer}/login`)).text()).not.toContain('/forgot-password');
    for (const path of ['/forgot-password', `/reset-password?token=${'A'.repeat(43)}`]) {
      const response = await fetch(`${tessera.issuer}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('password_reset_disabled');
    }
  });
});

describe('password reset when the mail server does not answer', () => {
  it('logs the failure without the link, and shutdown does not wait for the mail server forever', async () => {
    // A "mail server" that accepts connections and never says a word, then hangs up.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const tessera = await startTestServer({ env: { TESSERA_SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      await addUser(tessera, 'stuck@example.com');
      expect((await askForLink(tessera, 'stuck@example.com', '127.0.0.1')).status).toBe(303);
      const outbox = tessera.server.backgroundMail as BackgroundMail;
      // The email cannot go out while the server is silent: a bounded wait gives up.
      while (sockets.size === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await outbox.idle(50)).toBe(false);
      for (const socket of sockets) socket.destroy();
      expect(await outbox.idle()).toBe(true);
      const logs = tessera.logs();
      expect(logs).toContain('could not send a password reset email');
      expect(logs).not.toMatch(/reset-password\?token=/);
    } finally {
      await tessera.cleanup();
      silent.close();
    }
  });
});

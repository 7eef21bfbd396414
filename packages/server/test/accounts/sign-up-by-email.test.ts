// Sign-up by email (mail configured, sign-up on): no account exists until the owner of the mailbox follows the link
// and chooses a password, and the form answers alike for a new and a registered email.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundMail } from '../../src/accounts/background-mail.js';
import { createUser } from '../../src/accounts/create-user.js';
import { SIGNUP_LINK_SENT_NOTICE } from '../../src/ui/signup-page.js';
import { type BrowserResponse, FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { PASSWORD } from '../support/sign-in-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CHOSEN = 'orchard lantern pebble sky';

describe('sign-up by email', () => {
  let tessera: TestServer;
  let inbox: SmtpInbox;
  let outbox: BackgroundMail;
  const clock = new TestClock(Date.now());
  let nextAddress = 1;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    tessera = await startTestServer({
      clock,
      env: {
        TESSERA_SMTP_URL: inbox.url,
        TESSERA_SIGNUP_ENABLED: 'true',
        // Requests arrive "through a proxy" on 127.0.0.1, so X-Forwarded-For sets each one's client address.
        TESSERA_TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    outbox = tessera.server.backgroundMail as BackgroundMail;
    await createUser(
      { email: 'taken@example.com', password: PASSWORD, emailVerified: true },
      tessera.runtime.stores.users,
      tessera.passwordHasher,
      tessera.runtime.clock,
    );
  });
  afterAll(async () => {
    await tessera.cleanup();
    await inbox.close();
  });

  const mailTo = (email: string) => inbox.messages.filter((m) => m.to.includes(email));
  const linkIn = (text: string) => {
    const link = /(http:\/\/127\.0\.0\.1:\d+\/signup\/complete\?token=[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    if (!link) throw new Error(`no sign-up link in: ${text}`);
    return link;
  };
  async function askToSignUp(
    email: string,
    address = `198.51.100.${nextAddress++}`,
  ): Promise<BrowserResponse> {
    const browser = new FormBrowser(tessera.issuer);
    const page = await browser.follow('/signup');
    return browser.request('/signup', {
      form: {
        csrf_token: /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
        email,
        name: 'New One',
      },
      headers: { 'x-forwarded-for': address },
    });
  }
  /** Follows the emailed link and submits the password form, as the mailbox's owner would. */
  async function finish(link: string, password: string, confirm = password) {
    const browser = new FormBrowser(tessera.issuer);
    const form = await browser.follow(link);
    return { browser, form, done: await browser.submit(form, { password, password_confirm: confirm }) };
  }

  it('asks only for the email, and answers a new and a registered email alike', async () => {
    const page = await new FormBrowser(tessera.issuer).follow('/signup');
    expect(page.body).toContain('Email me a link');
    expect(page.body).not.toContain('name="password"');
    const fresh = await askToSignUp('newcomer@example.com');
    const taken = await askToSignUp('Taken@Example.com');
    expect(fresh.status).toBe(303);
    expect(fresh.location).toBe('/signup?sent=1');
    expect(taken.status).toBe(fresh.status);
    expect(taken.location).toBe(fresh.location);
    const sent = await new FormBrowser(tessera.issuer).follow('/signup?sent=1');
    expect(sent.body).toContain(String(SIGNUP_LINK_SENT_NOTICE[0]).split('.')[0]);
    await outbox.idle();
    expect(mailTo('newcomer@example.com')).toHaveLength(1);
    expect(mailTo('taken@example.com')).toHaveLength(0);
    // Nothing is created before the link is followed: no one can claim an address they do not receive.
    expect(await tessera.runtime.stores.users.findByEmail('newcomer@example.com')).toBeUndefined();
    // The logs name neither the address nor the link.
    expect(tessera.logs()).not.toMatch(/newcomer@example\.com|signup\/complete\?token=/);
  });

  it('the link sent notice links to sign-in and to password reset with real links', async () => {
    const sent = await new FormBrowser(tessera.issuer).follow('/signup?sent=1');
    expect(sent.body).toContain('Already have an account? <a href="/login">Sign in</a>, or ');
    expect(sent.body).toContain('<a href="/forgot-password">reset your password</a>.');
  });

  it("the link's password form shows the rule and the confirmation errors at once", async () => {
    await askToSignUp('both-wrong@example.com');
    await outbox.idle();
    const link = linkIn(mailTo('both-wrong@example.com')[0]?.text ?? '');
    const { done } = await finish(link, 'password123', 'password124');
    expect(done.status).toBe(400);
    expect(pageErrorCodes(done.body)).toEqual(['password_too_common', 'passwords_differ']);
  });

  it('creates the account, email verified, once the link is followed and a password chosen; the link works once', async () => {
    await askToSignUp('finisher@example.com');
    await outbox.idle();
    const link = linkIn(mailTo('finisher@example.com')[0]?.text ?? '');
    const { browser, form, done } = await finish(link, CHOSEN, 'something else entirely');
    // The token left the address bar for a cookie at once.
    expect(form.url).toBe(`${tessera.issuer}/signup/complete`);
    expect(form.body).toContain('finisher@example.com');
    expect(done.status).toBe(400);
    expect(done.body).toContain('The two passwords are not the same.');
    const weak = await browser.submit(done, { password: 'password123', password_confirm: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('too common');
    const created = await browser.submit(weak, { password: CHOSEN, password_confirm: CHOSEN });
    expect(created.url).toContain('/login?registered=1');
    expect(await tessera.runtime.stores.users.findByEmail('finisher@example.com')).toMatchObject({
      emailVerified: true,
      name: 'New One',
    });
    const owner = new FormBrowser(tessera.issuer);
    const ownLogin = await owner.follow('/login');
    expect(
      (await owner.submit(ownLogin, { email: 'finisher@example.com', password: CHOSEN })).body,
    ).toContain('You are signed in');
    expect((await new FormBrowser(tessera.issuer).follow(link)).status).toBe(400);
  });

  it('refuses an expired or made-up link, and a link whose email was registered meanwhile', async () => {
    await askToSignUp('slowpoke@example.com');
    await askToSignUp('raced@example.com');
    await outbox.idle();
    const slow = linkIn(mailTo('slowpoke@example.com')[0]?.text ?? '');
    const raced = linkIn(mailTo('raced@example.com')[0]?.text ?? '');
    const racedBrowser = new FormBrowser(tessera.issuer);
    const racedForm = await racedBrowser.follow(raced);
    await createUser(
      { email: 'raced@example.com', password: PASSWORD },
      tessera.runtime.stores.users,
      tessera.passwordHasher,
      tessera.runtime.clock,
    );
    const refused = await racedBrowser.submit(racedForm, { password: CHOSEN, password_confirm: CHOSEN });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('invalid_signup_link');
    clock.advanceSeconds(30 * 60);
    expect((await new FormBrowser(tessera.issuer).follow(slow)).status).toBe(400);
    const madeUp = new FormBrowser(tessera.issuer);
    expect((await madeUp.request(`/signup/complete?token=${'A'.repeat(43)}`)).status).toBe(400);
    expect(madeUp.cookies.has('__Host-tessera-signup')).toBe(false);
  });

  it('sends at most three links per address in 15 minutes, and takes ten requests per network', async () => {
    for (let i = 0; i < 5; i++) await askToSignUp('eager@example.com');
    await outbox.idle();
    expect(mailTo('eager@example.com')).toHaveLength(3);
    const answers: number[] = [];
    for (let i = 0; i < 11; i++)
      answers.push((await askToSignUp(`crowd.${i}@example.com`, '203.0.113.9')).status);
    expect(answers.slice(0, 10).every((status) => status === 303)).toBe(true);
    expect(answers[10]).toBe(429);
  });

  it('refuses an address a mail library could read as several, without sending anything', async () => {
    const answer = await askToSignUp('a@example.com, b@example.com');
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Enter an email address like name@example.com.');
  });
});

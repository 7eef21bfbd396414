// Issue 12, "invitations by email": an administrator invites an address with roles (admin API or CLI); the emailed
// link, single use, hashed and expiring, lets its owner sign in or sign up and join. Over HTTP, with a real SMTP
// server and a form browser, on SQLite and (postgres project) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAudience } from '../../src/admin/admin-authentication.js';
import { inviteToOrganization, listInvitations } from '../../src/authz/rbac/invitations.js';
import { listMembers } from '../../src/authz/rbac/memberships.js';
import { hashOpaqueSecret } from '../../src/crypto/opaque-secret.js';
import { signedInBrowser } from '../support/code-flow.js';
import { type BrowserResponse, FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { runCli } from '../support/run-cli.js';
import { createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox.js';
import { TestClock } from '../support/test-clock.js';
import { postForm, startTestServer, type TestServer } from '../support/test-server.js';

const CHOSEN = 'orchard lantern pebble sky';
const DAY = 24 * 60 * 60;

let tessera: TestServer;
let inbox: SmtpInbox;
let adminToken: string;
const clock = new TestClock(Date.now());

beforeAll(async () => {
  inbox = await startSmtpInbox();
  tessera = await startTestServer({
    clock,
    // Requests "through a proxy" on 127.0.0.1: X-Forwarded-For sets a request's network, for the sign-up limit.
    env: { TESSERA_SMTP_URL: inbox.url, TESSERA_TRUSTED_PROXIES: '127.0.0.1' },
  });
  const { clientId, clientSecret } = await tessera.createClient({
    audience: adminAudience(tessera.issuer),
    scopes: ['tessera:admin'],
  });
  const token = await postForm(`${tessera.issuer}/oauth2/token`, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  adminToken = ((await token.json()) as { access_token: string }).access_token;
  await createTestUser(tessera, 'bob@example.com');
  await createTestUser(tessera, 'carol@example.com');
  const roles: [string, string][] = [
    ['manager', 'posts:read posts:write'],
    ['viewer', 'posts:read'],
  ];
  for (const [name, permissions] of roles) {
    const created = await cli('roles', 'create', name, '--permissions', permissions);
    expect(created.status).toBe(0);
  }
  expect((await cli('orgs', 'create', 'acme')).status).toBe(0);
});
afterAll(async () => {
  await tessera?.cleanup();
  await inbox?.close();
});

function cli(...args: string[]) {
  return runCli(args, tessera.env);
}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies, asserted field by field.
  body: any;
}

async function admin(method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${tessera.issuer}/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const mailTo = (email: string) => inbox.messages.filter((m) => m.to.includes(email));
/** The link in the newest invitation to `email`. */
function linkTo(email: string): string {
  const text = mailTo(email).at(-1)?.text ?? '';
  const link = /(http:\/\/127\.0\.0\.1:\d+\/invitations\/accept\?token=[A-Za-z0-9_-]{43})/.exec(text)?.[1];
  if (!link) throw new Error(`no invitation link in: ${text}`);
  return link;
}
const rolesOf = async (email: string) => {
  const { members } = await listMembers(tessera.runtime.stores, 'acme', 'all');
  return members.find((m) => m.label === email)?.roles;
};
const statusOf = async (email: string) =>
  (await admin('GET', '/organizations/acme/invitations')).body.invitations
    .filter((i: { email: string }) => i.email === email)
    .map((i: { status: string }) => i.status);

async function invite(email: string, roles: string[], extra: Record<string, unknown> = {}): Promise<Answer> {
  return admin('POST', '/organizations/acme/invitations', { email, roles, ...extra });
}

describe('inviting a new address', () => {
  let link: string;
  let browser: FormBrowser;
  let form: BrowserResponse;

  it('emails a link; the admin API answers the invitation, never its secret', async () => {
    const sent = await invite('Newcomer@Example.com', ['manager']);
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      email: 'newcomer@example.com',
      roles: ['manager'],
      status: 'pending',
      created_at: expect.any(Number),
      expires_at: sent.body.created_at + 7 * DAY,
      accepted_at: null,
      accepted_by: null,
    });
    const mail = mailTo('newcomer@example.com');
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe('You are invited to join acme');
    link = linkTo('newcomer@example.com');
    // Only the link's hash is stored, and neither the link nor the address is logged.
    const token = new URL(link).searchParams.get('token') as string;
    const stored = await tessera.runtime.stores.invitations.findById(sent.body.id);
    expect(stored?.tokenHash).toBe(hashOpaqueSecret(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(tessera.logs()).not.toContain(token);
    expect(tessera.logs()).not.toContain('newcomer@example.com');
    // Nothing exists yet: no account, no membership.
    expect(await tessera.runtime.stores.users.findByEmail('newcomer@example.com')).toBeUndefined();
  });

  it('the link moves its token out of the URL and offers to create the account', async () => {
    browser = new FormBrowser(tessera.issuer);
    form = await browser.follow(link);
    expect(form.status).toBe(200);
    expect(form.url).toBe(`${tessera.issuer}/invitations/accept`);
    expect(form.body).toContain('Join acme');
    expect(form.body).toContain('newcomer@example.com');
    expect(form.body).toContain('Create the account and join');
  });

  it('refuses a weak or mistyped password and keeps the link working', async () => {
    const refused = await browser.submit(form, {
      name: 'New One',
      password: 'password123',
      password_confirm: 'x',
    });
    expect(refused.status).toBe(400);
    expect(pageErrorCodes(refused.body)).toEqual(['password_too_common', 'passwords_differ']);
    // What was typed, except passwords, is kept.
    expect(refused.body).toContain('value="New One"');
    expect(await statusOf('newcomer@example.com')).toEqual(['pending']);
  });

  it('creates the account (email verified), joins with the roles and signs the browser in; the link works once', async () => {
    const joined = await browser.submit(form, {
      name: 'New One',
      password: CHOSEN,
      password_confirm: CHOSEN,
    });
    expect(joined.status).toBe(200);
    expect(joined.body).toContain('You joined acme');
    expect(joined.body).toContain('<strong>manager</strong>');
    const user = await tessera.runtime.stores.users.findByEmail('newcomer@example.com');
    expect(user).toMatchObject({ emailVerified: true, name: 'New One' });
    expect(await rolesOf('newcomer@example.com')).toEqual(['manager']);
    expect((await browser.follow('/account')).body).toContain('newcomer@example.com');
    const listed = (await admin('GET', '/organizations/acme/invitations')).body.invitations;
    expect(listed.find((i: { email: string }) => i.email === 'newcomer@example.com')).toMatchObject({
      status: 'accepted',
      accepted_by: user?.id,
      accepted_at: expect.any(Number),
    });
    const again = await new FormBrowser(tessera.issuer).follow(link);
    expect(again.status).toBe(400);
    expect(pageErrorCodes(again.body)).toEqual(['invalid_invitation']);
  });
});

describe('one link, two submissions at once', () => {
  it('exactly one creates the account and joins; the other finds the link used', async () => {
    await invite('twice@example.com', ['viewer']);
    const first = new FormBrowser(tessera.issuer);
    const form = await first.follow(linkTo('twice@example.com'));
    const second = new FormBrowser(tessera.issuer);
    for (const [name, value] of first.cookies) second.cookies.set(name, value);
    const fields = { password: CHOSEN, password_confirm: CHOSEN };
    const answers = await Promise.all([first.submit(form, fields), second.submit(form, fields)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect(answers.flatMap((a) => pageErrorCodes(a.body))).toEqual(['invalid_invitation']);
    expect(await rolesOf('twice@example.com')).toEqual(['viewer']);
    expect(await statusOf('twice@example.com')).toEqual(['accepted']);
  });
});

describe('accounts made on the invitation page', () => {
  it('count against the sign-up limit of the network (10 in 15 minutes): the 11th try is 429 and keeps the link', async () => {
    const fromNetwork = { 'x-forwarded-for': '203.0.113.9' };
    const createFrom = async (email: string) => {
      await invite(email, ['viewer']);
      const browser = new FormBrowser(tessera.issuer);
      const page = await browser.follow(linkTo(email));
      const csrf = /name="csrf_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      return browser.request('/invitations/accept', {
        form: { csrf_token: csrf, intent: 'create', password: CHOSEN, password_confirm: CHOSEN },
        headers: fromNetwork,
      });
    };
    for (let i = 1; i <= 10; i++) expect((await createFrom(`limited-${i}@example.com`)).status).toBe(200);
    const refused = await createFrom('limited-11@example.com');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(pageErrorCodes(refused.body)).toEqual(['too_many_requests']);
    expect(await tessera.runtime.stores.users.findByEmail('limited-11@example.com')).toBeUndefined();
    expect(await statusOf('limited-11@example.com')).toEqual(['pending']);
  });
});

describe('a member removed or added directly', () => {
  it('loses a pending invitation: it cannot bring them back, or give roles later', async () => {
    await createTestUser(tessera, 'kim@example.com');
    await invite('kim@example.com', ['manager']);
    const link = linkTo('kim@example.com');
    // Added directly meanwhile, then removed: the old link must not bring them back.
    expect((await cli('orgs', 'add-member', 'acme', 'kim@example.com', '--role', 'viewer')).status).toBe(0);
    expect(await statusOf('kim@example.com')).toEqual(['revoked']);
    await invite('kim@example.com', ['manager']).then((a) => expect(a.status).toBe(409));
    expect((await cli('orgs', 'remove-member', 'acme', 'kim@example.com')).status).toBe(0);
    const browser = await signedInBrowser(tessera, 'kim@example.com');
    expect(pageErrorCodes((await browser.follow(link)).body)).toEqual(['invalid_invitation']);
    // Invited again after the removal; added directly and removed again before accepting: that link is gone too.
    expect((await invite('kim@example.com', ['manager'])).status).toBe(201);
    const second = linkTo('kim@example.com');
    expect((await cli('orgs', 'add-member', 'acme', 'kim@example.com', '--role', 'viewer')).status).toBe(0);
    expect((await cli('orgs', 'remove-member', 'acme', 'kim@example.com')).status).toBe(0);
    expect(pageErrorCodes((await browser.follow(second)).body)).toEqual(['invalid_invitation']);
    expect(await rolesOf('kim@example.com')).toBeUndefined();
  });
});

describe('inviting an address that has an account', () => {
  it('by the CLI; its owner signs in, comes back and joins', async () => {
    const sent = await cli('orgs', 'invite', 'acme', 'bob@example.com', '--role', 'viewer', '--json');
    expect(sent.stderr).toBe('');
    expect(sent.status).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({
      email: 'bob@example.com',
      roles: ['viewer'],
      status: 'pending',
    });
    const browser = new FormBrowser(tessera.issuer);
    const page = await browser.follow(linkTo('bob@example.com'));
    expect(page.body).toContain('This address has an account.');
    expect(page.body).not.toContain('name="password"');
    // The sign-in link leads back here, the invited address filled in.
    const signInHref = /<a href="([^"]+)">Sign in<\/a> with it/.exec(page.body)?.[1] ?? '';
    expect(signInHref).toBe('/login?return_to=%2Finvitations%2Faccept');
    const login = await browser.follow(signInHref);
    expect(login.body).toContain('value="bob@example.com"');
    const back = await browser.submit(login, { email: 'bob@example.com', password: PASSWORD });
    expect(back.url).toBe(`${tessera.issuer}/invitations/accept`);
    expect(back.body).toContain('Join acme</button>');
    expect(await rolesOf('bob@example.com')).toBeUndefined();
    const joined = await browser.submit(back, {});
    expect(joined.body).toContain('You joined acme');
    expect(await rolesOf('bob@example.com')).toEqual(['viewer']);
    // The membership is a relationship the ReBAC engine sees at once, like any other (organization-tuple-store.ts).
    const listed = await cli('orgs', 'invitations', 'acme');
    expect(listed.stdout).toMatch(/bob@example\.com\s+viewer\s+accepted/);
  });

  it('a browser signed in as another account is told so, and nothing is accepted', async () => {
    expect((await invite('dave@example.com', ['viewer'])).status).toBe(201);
    await createTestUser(tessera, 'dave@example.com');
    const browser = await signedInBrowser(tessera, 'carol@example.com');
    const page = await browser.follow(linkTo('dave@example.com'));
    expect(page.status).toBe(403);
    expect(pageErrorCodes(page.body)).toEqual(['invitation_for_another_account']);
    expect(page.body).toContain('carol@example.com');
    // A hand-made post to join is refused the same way.
    const csrf = /name="csrf_token" value="([^"]+)"/.exec((await browser.follow('/account')).body)?.[1] ?? '';
    const forced = await browser.request('/invitations/accept', {
      form: { csrf_token: csrf, intent: 'join' },
    });
    expect(forced.status).toBe(403);
    expect(pageErrorCodes(forced.body)).toEqual(['invitation_for_another_account']);
    expect(await rolesOf('carol@example.com')).toBeUndefined();
    expect(await rolesOf('dave@example.com')).toBeUndefined();
    expect(await statusOf('dave@example.com')).toEqual(['pending']);
  });
});

describe('what an administrator can do with invitations', () => {
  it('a new invitation to the same address replaces the earlier one', async () => {
    await invite('erin@example.com', ['viewer']);
    const first = linkTo('erin@example.com');
    await invite('erin@example.com', ['manager']);
    const second = linkTo('erin@example.com');
    expect(await statusOf('erin@example.com')).toEqual(['pending', 'revoked']);
    expect(pageErrorCodes((await new FormBrowser(tessera.issuer).follow(first)).body)).toEqual([
      'invalid_invitation',
    ]);
    expect((await new FormBrowser(tessera.issuer).follow(second)).body).toContain('manager');
  });

  it('revokes a pending invitation (its link stops working), and says when there is nothing to revoke', async () => {
    const sent = await invite('frank@example.com', ['viewer']);
    const link = linkTo('frank@example.com');
    const revoked = await cli('orgs', 'revoke-invitation', 'acme', sent.body.id);
    expect(revoked.stdout).toBe('revoked the invitation of frank@example.com to acme\n');
    expect(pageErrorCodes((await new FormBrowser(tessera.issuer).follow(link)).body)).toEqual([
      'invalid_invitation',
    ]);
    const again = await admin('DELETE', `/organizations/acme/invitations/${sent.body.id}`);
    expect({ status: again.status, error: again.body.error }).toEqual({
      status: 409,
      error: 'invitation_not_pending',
    });
    const unknown = await admin('DELETE', '/organizations/acme/invitations/01JUNKNOWN0000000000000000');
    expect({ status: unknown.status, error: unknown.body.error }).toEqual({
      status: 404,
      error: 'invitation_not_found',
    });
  });

  it('an invitation whose role was deleted since says so and stays unused', async () => {
    expect((await cli('roles', 'create', 'temp')).status).toBe(0);
    await invite('hank@example.com', ['temp']);
    expect((await cli('roles', 'delete', 'temp')).status).toBe(0);
    const browser = new FormBrowser(tessera.issuer);
    const form = await browser.follow(linkTo('hank@example.com'));
    const refused = await browser.submit(form, { password: CHOSEN, password_confirm: CHOSEN });
    expect(refused.status).toBe(409);
    expect(pageErrorCodes(refused.body)).toEqual(['role_not_found']);
    expect(refused.body).toContain('the role temp this invitation gives was deleted');
    // Nothing was half-applied: no account, the invitation still pending.
    expect(await tessera.runtime.stores.users.findByEmail('hank@example.com')).toBeUndefined();
    expect(await statusOf('hank@example.com')).toEqual(['pending']);
  });

  it('a mail server that refuses the email: invitation_not_sent, that invitation revoked, the earlier one kept', async () => {
    await invite('lou@example.com', ['viewer']);
    const working = linkTo('lou@example.com');
    const { runtime } = tessera;
    const refusing = {
      send: async () => {
        throw Object.assign(new Error('550 mailbox unavailable'), { code: 'EENVELOPE' });
      },
      close: () => undefined,
    };
    const sending = inviteToOrganization(
      { ...runtime.stores, clock, issuer: tessera.issuer, mailer: refusing, logger: runtime.logger },
      { organization: 'acme', email: 'lou@example.com', roles: ['manager'] },
    );
    await expect(sending).rejects.toMatchObject({ code: 'invitation_not_sent', status: 502 });
    // Newest first: the one that could not be sent is revoked, the one before still works.
    expect(await statusOf('lou@example.com')).toEqual(['revoked', 'pending']);
    expect((await new FormBrowser(tessera.issuer).follow(working)).body).toContain('Join acme');
  });

  it('refuses bad input with a code naming the problem, and keeps nothing', async () => {
    const before = (await admin('GET', '/organizations/acme/invitations')).body.invitations.length;
    const mails = inbox.messages.length;
    const refusals: [unknown, string, number, string][] = [
      [
        { email: 'x@example.com', roles: ['viewer'] },
        '/organizations/nope/invitations',
        404,
        'organization_not_found',
      ],
      [{ email: 'x@example.com', roles: ['nope'] }, '/organizations/acme/invitations', 404, 'role_not_found'],
      [{ email: 'not an email', roles: ['viewer'] }, '/organizations/acme/invitations', 400, 'invalid_email'],
      [
        { email: 'bob@example.com', roles: ['viewer'] },
        '/organizations/acme/invitations',
        409,
        'already_member',
      ],
      [{ email: 'x@example.com', roles: [] }, '/organizations/acme/invitations', 400, 'invalid_request'],
      [
        { email: 'x@example.com', roles: ['viewer'], expires_in_days: 31 },
        '/organizations/acme/invitations',
        400,
        'invalid_expiry',
      ],
    ];
    for (const [body, path, status, error] of refusals) {
      const answer = await admin('POST', path, body);
      expect([path, answer.status, answer.body.error]).toEqual([path, status, error]);
      expect(typeof answer.body.error_description).toBe('string');
    }
    const cliRefusal = await cli(
      'orgs',
      'invite',
      'acme',
      'x@example.com',
      '--role',
      'viewer',
      '--expires-in',
      'soon',
    );
    expect(cliRefusal.status).toBe(1);
    expect(cliRefusal.stderr).toContain('invalid_expiry');
    expect((await admin('GET', '/organizations/acme/invitations')).body.invitations).toHaveLength(before);
    expect(inbox.messages).toHaveLength(mails);
  });

  it('deleting the organization deletes its invitations', async () => {
    expect((await cli('orgs', 'create', 'short-lived')).status).toBe(0);
    const sent = await admin('POST', '/organizations/short-lived/invitations', {
      email: 'ivy@example.com',
      roles: ['viewer'],
    });
    expect(sent.status).toBe(201);
    expect((await cli('orgs', 'delete', 'short-lived')).status).toBe(0);
    expect(await tessera.runtime.stores.invitations.findById(sent.body.id)).toBeUndefined();
    expect(
      pageErrorCodes((await new FormBrowser(tessera.issuer).follow(linkTo('ivy@example.com'))).body),
    ).toEqual(['invalid_invitation']);
  });
  // Last: the clock moves a day on, past every token.
  it('an invitation expires: its link stops working and the list says expired', async () => {
    await invite('gina@example.com', ['viewer'], { expires_in_days: 1 });
    const link = linkTo('gina@example.com');
    clock.advanceSeconds(DAY + 1);
    expect(pageErrorCodes((await new FormBrowser(tessera.issuer).follow(link)).body)).toEqual([
      'invalid_invitation',
    ]);
    // The admin token expired with the day; the operation the API calls reads the list.
    const { invitations } = await listInvitations({ ...tessera.runtime.stores, clock }, 'acme', 'all');
    expect(invitations.filter((i) => i.email === 'gina@example.com').map((i) => i.status)).toEqual([
      'expired',
    ]);
  });
});

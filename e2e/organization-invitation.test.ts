// Accepting an invitation to an organization in a real browser (Debian's Chromium): the emailed link (a real SMTP
// server receives it) opens the invitation page; a new address creates its account there and joins, and an address
// with an account signs in, comes back and joins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMembers } from '../packages/server/src/authz/rbac/memberships.js';
import { runCli } from '../packages/server/test/support/run-cli.js';
import { createTestUser, PASSWORD } from '../packages/server/test/support/sign-in-fixtures.js';
import { type SmtpInbox, startSmtpInbox } from '../packages/server/test/support/smtp-inbox.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { screenshotAtBothWidths } from './support/screenshots.js';

const CHOSEN = 'harbour willow signal fern';

describe.runIf(chromiumAvailable())('accepting an invitation in a browser', () => {
  let inbox: SmtpInbox;
  // No app takes part; the fixture's page answers at the app's origin all the same.
  const fixture = useBrowserFixture({
    server: async () => {
      inbox = await startSmtpInbox();
      return { env: { TESSERA_SMTP_URL: inbox.url } };
    },
  });

  beforeAll(async () => {
    const { tessera } = fixture;
    for (const command of [
      ['roles', 'create', 'editor', '--permissions', 'docs:write'],
      ['orgs', 'create', 'acme'],
    ]) {
      expect((await runCli(command, tessera.env)).status).toBe(0);
    }
    await createTestUser(tessera, 'ann@example.com');
  });
  afterAll(async () => {
    await inbox?.close();
  });

  /** Invites the address as editor of acme, as an administrator would (the CLI), and returns the emailed link. */
  async function invite(email: string): Promise<string> {
    const sent = await runCli(['orgs', 'invite', 'acme', email, '--role', 'editor'], fixture.tessera.env);
    expect(sent.stderr).toBe('');
    const text = inbox.messages.filter((m) => m.to.includes(email)).at(-1)?.text ?? '';
    const link = /(http:\/\/127\.0\.0\.1:\d+\/invitations\/accept\?token=[A-Za-z0-9_-]{43})/.exec(text)?.[1];
    if (!link) throw new Error(`no invitation link in: ${text}`);
    return link;
  }
  const rolesOf = async (email: string) =>
    (await listMembers(fixture.tessera.runtime.stores, 'acme', 'all')).members.find((m) => m.label === email)
      ?.roles;

  it('a new address creates its account on the invitation page and joins, signed in', async () => {
    const { tessera, page } = fixture;
    await page.goto(await invite('newcomer@example.com'));
    // The token left the address bar for a cookie at once.
    expect(page.url()).toBe(`${tessera.issuer}/invitations/accept`);
    expect(await page.locator('h1').textContent()).toBe('Join acme');
    await screenshotAtBothWidths(page, 'invitation-new-account');
    await page.getByLabel('Name').fill('New Comer');
    await page.getByLabel('Password', { exact: true }).fill(CHOSEN);
    await page.getByLabel('Password again').fill(CHOSEN);
    await page.getByRole('button', { name: 'Create the account and join' }).click();
    await page.waitForSelector('h1:text("You joined acme")');
    await screenshotAtBothWidths(page, 'invitation-joined');
    expect(await rolesOf('newcomer@example.com')).toEqual(['editor']);
    await page.getByRole('link', { name: 'Go to your account' }).click();
    await page.waitForURL(`${tessera.issuer}/account`);
    expect(await page.content()).toContain('newcomer@example.com');
  });

  it('an address with an account signs in, comes back to the invitation and joins', async () => {
    const { tessera, page } = fixture;
    await page.goto(await invite('ann@example.com'));
    await screenshotAtBothWidths(page, 'invitation-sign-in');
    await page.getByRole('link', { name: 'Sign in' }).click();
    expect(await page.getByLabel('Email').inputValue()).toBe('ann@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${tessera.issuer}/invitations/accept`);
    await page.getByRole('button', { name: 'Join acme' }).click();
    await page.waitForSelector('h1:text("You joined acme")');
    expect(await rolesOf('ann@example.com')).toEqual(['editor']);
  });
});

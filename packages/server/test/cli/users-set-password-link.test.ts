import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInBrowser } from '../support/code-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import { runCli } from '../support/run-cli.js';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const CHOSEN_PASSWORD = 'amber willow signal 31';

// Issue 9, item 3: with mail configured, an account created without a password gets the emailed link to choose one.
describe('tessera users create --no-password with mail configured', () => {
  let inbox: SmtpInbox;
  let tessera: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    const mail = { TESSERA_SMTP_URL: inbox.url, TESSERA_MAIL_FROM: 'Example Login <login@example.com>' };
    tessera = await startTestServer({ env: mail });
    env = { TESSERA_DATA_DIR: tessera.dataDir, TESSERA_ISSUER: tessera.issuer, ...mail };
  });
  afterAll(async () => {
    await tessera.cleanup();
    await inbox.close();
  });

  it('emails the owner a single-use link that sets the password and proves the email', async () => {
    const created = await runCli(
      ['users', 'create', '--email', 'Invited@Example.com', '--no-password', '--json'],
      env,
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const { id, has_password: hasPassword, set_password_link: linkOutcome } = JSON.parse(created.stdout);
    expect(hasPassword).toBe(false);
    expect(linkOutcome).toBe('sent');

    const [mail, ...more] = inbox.messages.filter((m) =>
      m.to.some((to) => to.toLowerCase() === 'invited@example.com'),
    );
    expect(more).toHaveLength(0);
    expect(mail?.from).toBe('login@example.com');
    expect(mail?.subject).toBe('Set your password');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=[A-Za-z0-9_-]{43})/.exec(
      mail?.text ?? '',
    )?.[1];
    expect(link).toBeDefined();
    // Only the link's hash is stored.
    const token = new URL(link ?? '').searchParams.get('token') ?? '';
    const rows = await tessera.runtime.db.selectFrom('password_resets').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);

    const browser = new FormBrowser(tessera.issuer);
    const form = await browser.follow(link ?? '');
    expect(form.url).toBe(`${tessera.issuer}/reset-password`);
    const done = await browser.submit(form, { password: CHOSEN_PASSWORD, password_confirm: CHOSEN_PASSWORD });
    expect(done.url).toContain('/login?password_changed=1');

    await signedInBrowser(tessera, 'invited@example.com', CHOSEN_PASSWORD);
    expect(await tessera.runtime.stores.users.findById(id)).toMatchObject({ emailVerified: true });
    const reused = await new FormBrowser(tessera.issuer).follow(link ?? '');
    expect(reused.body).toContain('invalid_reset_link');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { obtainCode, redeemCode, signedInBrowser } from '../support/code-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import { runCli } from '../support/run-cli.js';
import { createWebApp, PASSWORD } from '../support/sign-in-fixtures.js';
import { expectSignedOutEverywhere } from '../support/signed-out-everywhere.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// The users commands against the data dir of a running server, as an administrator would use them.
describe('tessera users', () => {
  let tessera: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    tessera = await startTestServer();
    env = { TESSERA_DATA_DIR: tessera.dataDir, TESSERA_ISSUER: tessera.issuer };
  });
  afterAll(() => tessera.cleanup());

  it('create reads the password from standard input and stores only its argon2id hash', async () => {
    const created = await runCli(
      [
        'users',
        'create',
        '--email',
        'Cli.User@Example.com',
        '--password-stdin',
        '--name',
        'Cli User',
        '--json',
      ],
      env,
      `${PASSWORD}\n`,
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const { id, email } = JSON.parse(created.stdout);
    expect(email).toBe('Cli.User@Example.com');
    const stored = await tessera.runtime.stores.users.findById(id);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });

  it('create refuses a taken email (in any case), a common password and a malformed email with one line each', async () => {
    const taken = await runCli(
      ['users', 'create', '--email', 'cli.user@example.com', '--password-stdin'],
      env,
      PASSWORD,
    );
    const common = await runCli(
      ['users', 'create', '--email', 'new@example.com', '--password-stdin'],
      env,
      'password1',
    );
    const malformed = await runCli(
      ['users', 'create', '--email', 'a,b@example.com', '--password-stdin'],
      env,
      PASSWORD,
    );
    for (const result of [taken, common, malformed]) {
      expect(result.status).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(taken.stderr).toContain('already exists');
    expect(common.stderr).toContain('too common');
    expect(malformed.stderr).toContain('Enter an email address');
  });

  it('list shows accounts without any password hash', async () => {
    const listed = await runCli(['users', 'list', '--json'], env);
    expect(listed.status).toBe(0);
    const rows = JSON.parse(listed.stdout);
    expect(rows).toEqual([expect.objectContaining({ email: 'Cli.User@Example.com', disabled: false })]);
    expect(listed.stdout).not.toContain('argon2');
  });

  it('disable stops sign-in and signs the account out everywhere: sessions, refresh and access tokens', async () => {
    const [row] = JSON.parse((await runCli(['users', 'list', '--json'], env)).stdout);
    const browser = await signedInBrowser(tessera, row.email);
    const app = await createWebApp(tessera, { firstParty: true });
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();

    const disabled = await runCli(['users', 'disable', row.id], env);
    expect(disabled.status).toBe(0);
    expect(disabled.stdout).toContain(`disabled user ${row.id}`);

    await expectSignedOutEverywhere(tessera, browser, app, tokens);
    await expect(signedInBrowser(tessera, row.email)).rejects.toThrow('sign-in failed with 401');

    const unknown = await runCli(['users', 'disable', 'no-such-user'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('user_not_found');
    expect(unknown.stderr).toContain('no-such-user');
  });

  it('set-password refuses a common password, sets a good one and signs the account out everywhere', async () => {
    const created = await runCli(
      ['users', 'create', '--email', 'forgot@example.com', '--password-stdin', '--json'],
      env,
      PASSWORD,
    );
    const { id } = JSON.parse(created.stdout);
    const browser = await signedInBrowser(tessera, 'forgot@example.com');
    const app = await createWebApp(tessera, { firstParty: true });
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();

    const common = await runCli(['users', 'set-password', id, '--password-stdin'], env, 'password1\n');
    expect(common.status).not.toBe(0);
    expect(common.stderr).toContain('too common');
    const newPassword = 'quiet orchard lamp 42';
    const set = await runCli(['users', 'set-password', id, '--password-stdin'], env, `${newPassword}\n`);
    expect(set.stderr).toBe('');
    expect(set.status).toBe(0);

    await expectSignedOutEverywhere(tessera, browser, app, tokens);
    await expect(signedInBrowser(tessera, 'forgot@example.com')).rejects.toThrow('sign-in failed with 401');
    const fresh = new FormBrowser(tessera.issuer);
    const signedIn = await fresh.submit(await fresh.follow('/login'), {
      email: 'forgot@example.com',
      password: newPassword,
    });
    expect(signedIn.body).toContain('You are signed in');
    const unknown = await runCli(
      ['users', 'set-password', 'nobody@example.com', '--password-stdin'],
      env,
      newPassword,
    );
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('user_not_found');
  });

  it('every users command names an account by email, in any case, as well as by id', async () => {
    const { id } = JSON.parse(
      (
        await runCli(
          ['users', 'create', '--email', 'named@example.com', '--password-stdin', '--json'],
          env,
          PASSWORD,
        )
      ).stdout,
    );
    const updated = await runCli(
      ['users', 'update', 'Named@Example.com', '--given-name', 'Nora', '--json'],
      env,
    );
    expect(updated.stderr).toBe('');
    expect(JSON.parse(updated.stdout)).toMatchObject({ id, given_name: 'Nora' });
    const byId = await runCli(['users', 'update', id, '--family-name', 'Named', '--json'], env);
    expect(JSON.parse(byId.stdout)).toMatchObject({ id, given_name: 'Nora', family_name: 'Named' });

    const newPassword = 'violet harbour kettle 7';
    const set = await runCli(
      ['users', 'set-password', 'NAMED@example.com', '--password-stdin'],
      env,
      newPassword,
    );
    expect(set.status).toBe(0);
    expect(set.stdout).toContain(id);
    await signedInBrowser(tessera, 'named@example.com', newPassword);

    const disabled = await runCli(['users', 'disable', 'named@EXAMPLE.com'], env);
    expect(disabled.status).toBe(0);
    expect(disabled.stdout).toContain(id);
    expect((await tessera.runtime.stores.users.findById(id))?.disabledAt).not.toBeNull();
  });
});

// Issue 9, item 3: an account is created with a password or, explicitly, without one; never by accident.
describe('tessera users create: the password is an explicit choice', () => {
  let tessera: TestServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    tessera = await startTestServer();
    env = { TESSERA_DATA_DIR: tessera.dataDir, TESSERA_ISSUER: tessera.issuer };
  });
  afterAll(() => tessera.cleanup());

  it('without --password-stdin or --no-password it is refused, a piped password included, and nothing is created', async () => {
    const piped = await runCli(['users', 'create', '--email', 'piped@example.com'], env, `${PASSWORD}\n`);
    expect(piped.status).toBe(1);
    expect(piped.stderr.trim().split('\n')).toHaveLength(1);
    expect(piped.stderr).toContain('password_choice_required');
    expect(piped.stderr).toContain('--password-stdin');
    expect(piped.stderr).toContain('--no-password');
    const both = await runCli(
      ['users', 'create', '--email', 'piped@example.com', '--password-stdin', '--no-password'],
      env,
      PASSWORD,
    );
    expect(both.status).not.toBe(0);
    expect(both.stderr).toContain("option '--password-stdin' cannot be used with option '--no-password'");
    expect(await tessera.runtime.stores.users.findByEmail('piped@example.com')).toBeUndefined();
  });

  it('--no-password without mail creates the account and says no one can sign in until set-password', async () => {
    const created = await runCli(['users', 'create', '--email', 'later@example.com', '--no-password'], env);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('no one can sign in to it until you run tessera users set-password');
    expect(created.stdout).toContain('mail is not configured');
    const stored = await tessera.runtime.stores.users.findByEmail('later@example.com');
    expect(stored?.passwordHash).toBeNull();

    const json = await runCli(
      ['users', 'create', '--email', 'later2@example.com', '--no-password', '--json'],
      env,
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      email: 'later2@example.com',
      has_password: false,
      set_password_link: 'mail_not_configured',
    });
    expect((await runCli(['users', 'list'], env)).stdout).toMatch(/later@example\.com .* no password/);

    expect(
      (await runCli(['users', 'set-password', 'later@example.com', '--password-stdin'], env, PASSWORD))
        .status,
    ).toBe(0);
    await signedInBrowser(tessera, 'later@example.com');
  });
});

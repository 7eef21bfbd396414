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
    const created = runCli(
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

  it('create refuses a taken email (in any case), a common password and a malformed email with one line each', () => {
    const taken = runCli(
      ['users', 'create', '--email', 'cli.user@example.com', '--password-stdin'],
      env,
      PASSWORD,
    );
    const common = runCli(
      ['users', 'create', '--email', 'new@example.com', '--password-stdin'],
      env,
      'password1',
    );
    const malformed = runCli(
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

  it('list shows accounts without any password hash', () => {
    const listed = runCli(['users', 'list', '--json'], env);
    expect(listed.status).toBe(0);
    const rows = JSON.parse(listed.stdout);
    expect(rows).toEqual([expect.objectContaining({ email: 'Cli.User@Example.com', disabled: false })]);
    expect(listed.stdout).not.toContain('argon2');
  });

  it('disable stops sign-in and signs the account out everywhere: sessions, refresh and access tokens', async () => {
    const [row] = JSON.parse(runCli(['users', 'list', '--json'], env).stdout);
    const browser = await signedInBrowser(tessera, row.email);
    const app = await createWebApp(tessera, { firstParty: true });
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();

    const disabled = runCli(['users', 'disable', row.id], env);
    expect(disabled.status).toBe(0);
    expect(disabled.stdout).toContain(`disabled user ${row.id}`);

    await expectSignedOutEverywhere(tessera, browser, app, tokens);
    await expect(signedInBrowser(tessera, row.email)).rejects.toThrow('sign-in failed with 401');

    const unknown = runCli(['users', 'disable', 'no-such-user'], env);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no user with id no-such-user');
  });

  it('set-password refuses a common password, sets a good one and signs the account out everywhere', async () => {
    const created = runCli(
      ['users', 'create', '--email', 'forgot@example.com', '--password-stdin', '--json'],
      env,
      PASSWORD,
    );
    const { id } = JSON.parse(created.stdout);
    const browser = await signedInBrowser(tessera, 'forgot@example.com');
    const app = await createWebApp(tessera, { firstParty: true });
    const { code, verifier } = await obtainCode(tessera, browser, app.clientId);
    const tokens = await (await redeemCode(tessera, app, code, verifier)).json();

    const common = runCli(['users', 'set-password', id, '--password-stdin'], env, 'password1\n');
    expect(common.status).not.toBe(0);
    expect(common.stderr).toContain('too common');
    const newPassword = 'quiet orchard lamp 42';
    const set = runCli(['users', 'set-password', id, '--password-stdin'], env, `${newPassword}\n`);
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
    expect(
      runCli(['users', 'set-password', 'no-such-user', '--password-stdin'], env, newPassword).status,
    ).toBe(1);
  });
});

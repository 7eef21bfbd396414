import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { PASSWORD } from '../support/sign-in-fixtures.js';

// Issue 12, item 2: roles and organizations from the command line, as an administrator would use them.
describe('tessera roles and orgs', () => {
  let dataDir: string;
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);
  /** A refusal: exit status 1 and one line naming the code. */
  const expectRefused = async (args: string[], code: string) => {
    const result = await runCli(args, env);
    expect({ args, status: result.status, lines: result.stderr.trim().split('\n').length }).toEqual({
      args,
      status: 1,
      lines: 1,
    });
    expect(result.stderr).toContain(`${code}:`);
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tessera-orgs-cli-'));
    env = { TESSERA_DATA_DIR: dataDir };
    expect((await runCli(['migrate'], env)).status).toBe(0);
    for (const email of ['alice@example.com', 'bob@example.com']) {
      expect(
        (await runCli(['users', 'create', '--email', email, '--password-stdin'], env, PASSWORD)).status,
      ).toBe(0);
    }
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates roles and organizations, adds members by email with roles, and lists them', async () => {
    expect((await cli('roles', 'create', 'admin', '--permissions', 'users:write users:read')).status).toBe(0);
    expect(
      (await cli('roles', 'create', 'viewer', '--permissions', 'posts:read', '--description', 'Reads'))
        .status,
    ).toBe(0);
    const created = JSON.parse((await cli('orgs', 'create', 'acme', '--json')).stdout);
    expect(Object.keys(created).sort()).toEqual(['id', 'name']);
    expect(created.name).toBe('acme');
    expect(
      (await cli('roles', 'create', 'billing', '--org', created.id, '--permissions', 'invoices:read')).status,
    ).toBe(0);
    const added = await cli(
      'orgs',
      'add-member',
      'acme',
      'Alice@Example.com',
      '--role',
      'admin',
      '--role',
      'billing',
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toBe('added Alice@Example.com as admin, billing in acme\n');
    const members = JSON.parse((await cli('orgs', 'members', created.id, '--json')).stdout);
    expect(members).toEqual([
      {
        type: 'user',
        id: expect.any(String),
        email: 'alice@example.com',
        roles: ['admin', 'billing'],
        joined_at: expect.any(Number),
      },
    ]);
    const roles = JSON.parse((await cli('roles', 'list', '--org', 'acme', '--json')).stdout);
    expect(
      roles.map((r: { name: string; organization_name: string | null }) => [r.name, r.organization_name]),
    ).toEqual([
      ['admin', null],
      ['viewer', null],
      ['billing', 'acme'],
    ]);
    expect(JSON.parse((await cli('orgs', 'list', '--json')).stdout)).toMatchObject([
      { name: 'acme', members: 1 },
    ]);
  });

  it('refuses unknown things, bad names and a role in use, each naming it, and changes nothing', async () => {
    await expectRefused(
      ['orgs', 'add-member', 'acme', 'bob@example.com', '--role', 'nope'],
      'role_not_found',
    );
    await expectRefused(
      ['orgs', 'add-member', 'globex', 'bob@example.com', '--role', 'viewer'],
      'organization_not_found',
    );
    await expectRefused(
      ['orgs', 'add-member', 'acme', 'eve@example.com', '--role', 'viewer'],
      'user_not_found',
    );
    await expectRefused(['orgs', 'add-member', 'acme', 'bob@example.com'], 'role_required');
    await expectRefused(['orgs', 'create', 'Acme Corp'], 'invalid_organization_name');
    await expectRefused(['orgs', 'create', 'acme'], 'organization_exists');
    await expectRefused(['roles', 'create', 'writer', '--permissions', 'write'], 'invalid_permission');
    await expectRefused(['roles', 'delete', 'admin'], 'role_in_use');
    await expectRefused(
      ['roles', 'update', 'viewer', '--remove-permissions', 'posts:write'],
      'permission_not_found',
    );
    await expectRefused(['users', 'add-role', 'bob@example.com', 'billing'], 'role_not_found');
    await expectRefused(
      ['clients', 'create', '--name', 'w', '--grant-types', 'client_credentials', '--role', 'nope'],
      'role_not_found',
    );
    // Invitations go by email, and this data dir has no mail server configured.
    await expectRefused(
      ['orgs', 'invite', 'acme', 'eve@example.com', '--role', 'viewer'],
      'mail_not_configured',
    );
    expect(JSON.parse((await cli('clients', 'list', '--json')).stdout)).toEqual([]);
    expect(JSON.parse((await cli('orgs', 'members', 'acme', '--json')).stdout)).toHaveLength(1);
    expect(JSON.parse((await cli('orgs', 'invitations', 'acme', '--json')).stdout)).toEqual([]);
  });

  it('sets roles, removes members, gives global roles, and deletes a role in use with --force', async () => {
    expect((await cli('orgs', 'set-roles', 'acme', 'alice@example.com', '--role', 'viewer')).stdout).toBe(
      'alice@example.com is now viewer in acme\n',
    );
    expect((await cli('users', 'add-role', 'bob@example.com', 'admin')).status).toBe(0);
    const worker = JSON.parse(
      (
        await cli(
          'clients',
          'create',
          '--name',
          'worker',
          '--grant-types',
          'client_credentials',
          '--role',
          'admin',
          '--json',
        )
      ).stdout,
    );
    expect((await cli('orgs', 'add-client', 'acme', worker.client_id, '--role', 'viewer')).status).toBe(0);
    expect((await cli('clients', 'set-roles', worker.client_id, '--role', 'viewer')).stdout).toBe(
      `client ${worker.client_id} now holds viewer globally\n`,
    );
    expect((await cli('clients', 'set-roles', worker.client_id, '--role', 'admin')).status).toBe(0);
    expect(
      (await cli('clients', 'set-roles', worker.client_id, '--organization', 'acme', '--role', 'admin'))
        .stdout,
    ).toBe(`client ${worker.client_id} now holds admin in acme\n`);
    await expectRefused(['clients', 'set-roles', 'no-such-client', '--role', 'admin'], 'client_not_found');
    expect(
      (await cli('clients', 'set-roles', worker.client_id, '--organization', 'acme', '--role', 'viewer'))
        .status,
    ).toBe(0);
    expect((await cli('roles', 'delete', 'admin', '--force')).stdout).toBe(
      'deleted role admin; taken from 2 holder(s)\n',
    );
    expect((await cli('orgs', 'remove-member', 'acme', 'alice@example.com')).status).toBe(0);
    await expectRefused(['orgs', 'remove-member', 'acme', 'alice@example.com'], 'not_a_member');
    const members = JSON.parse((await cli('orgs', 'members', 'acme', '--json')).stdout);
    expect(members).toEqual([
      {
        type: 'client',
        id: worker.client_id,
        client_name: 'worker',
        roles: ['viewer'],
        joined_at: expect.any(Number),
      },
    ]);
    expect((await cli('orgs', 'remove-client', 'acme', worker.client_id)).status).toBe(0);
    await expectRefused(['orgs', 'remove-client', 'acme', worker.client_id], 'not_a_member');
    await expectRefused(['orgs', 'rename', 'acme', 'Not Valid'], 'invalid_organization_name');
    expect((await cli('orgs', 'rename', 'acme', 'acme-corp')).stdout).toMatch(
      /^renamed organization acme to acme-corp \([0-9A-Z]{26}\)\n$/,
    );
    await expectRefused(['orgs', 'delete', 'acme'], 'organization_not_found');
    expect((await cli('orgs', 'delete', 'acme-corp')).status).toBe(0);
    expect(JSON.parse((await cli('orgs', 'list', '--json')).stdout)).toEqual([]);
  });
});

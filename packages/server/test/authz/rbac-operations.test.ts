import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/create-user.js';
import { createOrganization } from '../../src/authz/rbac/create-organization.js';
import { createRole } from '../../src/authz/rbac/create-role.js';
import { deleteOrganization } from '../../src/authz/rbac/delete-organization.js';
import { deleteRole } from '../../src/authz/rbac/delete-role.js';
import { addGlobalRole, removeGlobalRole } from '../../src/authz/rbac/global-roles.js';
import { listRoles } from '../../src/authz/rbac/list-roles.js';
import {
  addClientToOrganization,
  addMember,
  listMembers,
  removeMember,
  setMemberRoles,
} from '../../src/authz/rbac/memberships.js';
import { registerClientWithRoles } from '../../src/authz/rbac/register-client-with-roles.js';
import { renameOrganization } from '../../src/authz/rbac/rename-organization.js';
import { setClientRoles } from '../../src/authz/rbac/set-client-roles.js';
import { updateRole } from '../../src/authz/rbac/update-role.js';
import { deleteClient } from '../../src/oauth/clients/delete-client.js';
import type { Stores } from '../../src/store/stores.js';
import { code, grantFor, refreshToken } from '../store/conformance/fixtures.js';
import { withFailingMethod } from '../support/failing-stores.js';
import { openSqliteStores, type SqliteStores } from '../support/sqlite-stores.js';
import { TestClock } from '../support/test-clock.js';
import { testPasswordHasher } from '../support/test-costs.js';

// Issue 12, items 1, 2 and "Bad input": the operations the CLI (and the admin API to come) call.
describe('RBAC operations', () => {
  let opened: SqliteStores;
  let stores: Stores;
  let deps: Stores & { clock: TestClock };
  let annId: string;

  beforeEach(async () => {
    opened = await openSqliteStores();
    stores = opened.stores;
    deps = { ...stores, clock: new TestClock() };
    annId = (await createUser({ email: 'ann@example.com' }, stores.users, testPasswordHasher, deps.clock)).id;
    await createUser({ email: 'bob@example.com' }, stores.users, testPasswordHasher, deps.clock);
  });
  afterEach(() => opened.close());

  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: { code?: string }) => error.code,
    );

  it('refuses bad names and permissions with codes naming them', async () => {
    expect(await codeOf(createOrganization(deps, 'Acme Inc'))).toBe('invalid_organization_name');
    expect(await codeOf(createOrganization(deps, '-acme'))).toBe('invalid_organization_name');
    expect(await codeOf(createOrganization(deps, 'a'.repeat(64)))).toBe('invalid_organization_name');
    expect(await codeOf(createRole(deps, { name: 'Admin', permissions: [] }))).toBe('invalid_role_name');
    expect(await codeOf(createRole(deps, { name: 'member', permissions: [] }))).toBe('invalid_role_name');
    expect(await codeOf(createRole(deps, { name: 'admin', permissions: ['posts'] }))).toBe(
      'invalid_permission',
    );
    expect(await codeOf(createRole(deps, { name: 'admin', permissions: ['posts:read write'] }))).toBe(
      'invalid_permission',
    );
    expect(await stores.rbac.listRoles()).toEqual([]);
  });

  it('keeps an organization name and a role name in one organization unambiguous', async () => {
    const acme = await createOrganization(deps, 'acme');
    expect(acme.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await codeOf(createOrganization(deps, 'acme'))).toBe('organization_exists');
    await createRole(deps, { name: 'admin', permissions: ['users:write'] });
    await createRole(deps, { name: 'editor', permissions: ['posts:write'], organization: 'acme' });
    // By id or by name alike.
    expect(await codeOf(createRole(deps, { name: 'admin', permissions: [], organization: acme.id }))).toBe(
      'role_exists',
    );
    expect(await codeOf(createRole(deps, { name: 'editor', permissions: [] }))).toBe('role_exists');
    expect(await codeOf(createRole(deps, { name: 'x', permissions: [], organization: 'globex' }))).toBe(
      'organization_not_found',
    );
    expect(
      (await listRoles(deps, { organization: 'acme' }, 'all')).items.map((r) => [r.name, r.organizationName]),
    ).toEqual([
      ['admin', null],
      ['editor', 'acme'],
    ]);
  });

  it('adds members with roles by email or id, and nothing when one role does not exist', async () => {
    await createOrganization(deps, 'acme');
    await createRole(deps, { name: 'admin', permissions: ['users:write', 'posts:read'] });
    await createRole(deps, { name: 'viewer', permissions: ['posts:read'] });
    expect(
      await codeOf(
        addMember(deps, { organization: 'acme', member: 'ann@example.com', roles: ['viewer', 'nope'] }),
      ),
    ).toBe('role_not_found');
    expect(
      await codeOf(addMember(deps, { organization: 'acme', member: 'eve@example.com', roles: ['viewer'] })),
    ).toBe('user_not_found');
    expect(await codeOf(addMember(deps, { organization: 'nope', member: annId, roles: ['viewer'] }))).toBe(
      'organization_not_found',
    );
    expect(await codeOf(addMember(deps, { organization: 'acme', member: annId, roles: [] }))).toBe(
      'role_required',
    );
    expect((await listMembers(deps, 'acme', 'all')).members).toEqual([]);

    const added = await addMember(deps, {
      organization: 'acme',
      member: 'ANN@example.com',
      roles: ['viewer', 'admin'],
    });
    expect(added.roles).toEqual(['admin', 'viewer']);
    expect(await codeOf(addMember(deps, { organization: 'acme', member: annId, roles: ['viewer'] }))).toBe(
      'already_member',
    );
    await setMemberRoles(deps, { organization: 'acme', member: annId, roles: ['viewer'] });
    expect(await stores.rbac.accessOf({ type: 'user', id: annId }, added.organization.id)).toEqual({
      roles: ['viewer'],
      permissions: ['posts:read'],
    });
    expect(
      await codeOf(
        setMemberRoles(deps, { organization: 'acme', member: 'bob@example.com', roles: ['viewer'] }),
      ),
    ).toBe('not_a_member');
    const { members } = await listMembers(deps, 'acme', 'all');
    expect(members.map((m) => [m.label, m.roles])).toEqual([['ann@example.com', ['viewer']]]);
  });

  it('a role in use is deleted only with force, which takes it from its holders', async () => {
    await createOrganization(deps, 'acme');
    await createRole(deps, { name: 'admin', permissions: ['users:write'] });
    await createRole(deps, { name: 'viewer', permissions: ['posts:read'] });
    await addMember(deps, { organization: 'acme', member: annId, roles: ['admin', 'viewer'] });
    await addGlobalRole(deps, { user: 'bob@example.com', role: 'admin' });
    expect(await codeOf(deleteRole(deps, { name: 'admin' }))).toBe('role_in_use');
    expect(await codeOf(deleteRole(deps, { name: 'nope' }))).toBe('role_not_found');
    expect(await deleteRole(deps, { name: 'admin', force: true })).toMatchObject({ holders: 2 });
    expect((await listMembers(deps, 'acme', 'all')).members.map((m) => m.roles)).toEqual([['viewer']]);
  });

  it('changes a role’s permissions; removing one it lacks names it and changes nothing', async () => {
    await createRole(deps, { name: 'editor', permissions: ['posts:read'], description: 'Edits' });
    expect(
      await codeOf(
        updateRole(deps, { name: 'editor', addPermissions: ['posts:write'], removePermissions: ['x:y'] }),
      ),
    ).toBe('permission_not_found');
    const updated = await updateRole(deps, {
      name: 'editor',
      addPermissions: ['posts:write'],
      description: '',
    });
    expect(updated).toMatchObject({ permissions: ['posts:read', 'posts:write'], description: null });
    expect(await stores.rbac.findRole('editor', null)).toMatchObject({
      permissions: ['posts:read', 'posts:write'],
    });
  });

  it('global roles: only catalogue roles, added once, removed only when held', async () => {
    const acme = await createOrganization(deps, 'acme');
    await createRole(deps, { name: 'admin', permissions: ['users:write'] });
    await createRole(deps, { name: 'own', permissions: [], organization: acme.id });
    expect(await addGlobalRole(deps, { user: annId, role: 'admin' })).toMatchObject({ outcome: 'added' });
    expect(await addGlobalRole(deps, { user: annId, role: 'admin' })).toMatchObject({ outcome: 'unchanged' });
    expect(await codeOf(addGlobalRole(deps, { user: annId, role: 'own' }))).toBe('role_not_found');
    expect(await codeOf(removeGlobalRole(deps, { user: 'bob@example.com', role: 'admin' }))).toBe(
      'role_not_held',
    );
    await removeGlobalRole(deps, { user: annId, role: 'admin' });
    expect(await stores.rbac.accessOf({ type: 'user', id: annId }, null)).toEqual({
      roles: [],
      permissions: [],
    });
  });

  it('a client with an unknown role is not registered; a deleted client leaves no roles behind', async () => {
    const worker = { name: 'worker', grantTypes: ['client_credentials'], scopes: [] };
    expect(await codeOf(registerClientWithRoles(deps, worker, ['nope']))).toBe('role_not_found');
    expect(await stores.clients.list()).toEqual([]);
    expect(
      await codeOf(
        registerClientWithRoles(
          deps,
          { ...worker, grantTypes: ['authorization_code'], redirectUris: ['https://a.example.com/cb'] },
          ['admin'],
        ),
      ),
    ).toBe('roles_need_client_credentials');
    const acme = await createOrganization(deps, 'acme');
    await createRole(deps, { name: 'admin', permissions: ['users:write'] });
    const { client } = await registerClientWithRoles(deps, worker, ['admin']);
    await addClientToOrganization(deps, { organization: 'acme', member: client.id, roles: ['admin'] });
    expect(
      await codeOf(addClientToOrganization(deps, { organization: 'acme', member: 'nope', roles: ['admin'] })),
    ).toBe('client_not_found');
    const holder = { type: 'client', id: client.id } as const;
    expect(await stores.rbac.accessOf(holder, null)).toMatchObject({ roles: ['admin'] });
    expect(await deleteClient(deps, client.id)).toBe('deleted');
    expect(await stores.rbac.accessOf(holder, null)).toEqual({ roles: [], permissions: [] });
    expect(await stores.rbac.accessOf(holder, acme.id)).toBeUndefined();
  });

  it('removing a member, or deleting the organization, revokes the grants whose refresh token is for it', async () => {
    const acme = await createOrganization(deps, 'acme');
    const globex = await createOrganization(deps, 'globex');
    await createRole(deps, { name: 'viewer', permissions: [] });
    await addMember(deps, { organization: 'acme', member: annId, roles: ['viewer'] });
    await addMember(deps, { organization: 'globex', member: annId, roles: ['viewer'] });
    for (const [grantId, organizationId] of [
      ['g-acme', acme.id],
      ['g-globex', globex.id],
    ] as const) {
      await stores.grants.createGrant(grantFor(grantId, annId), code(`code-${grantId}`, grantId));
      await stores.grants.saveRefreshToken({ ...refreshToken(`rt-${grantId}`, grantId), organizationId });
    }
    await removeMember(deps, { organization: 'acme', member: 'ann@example.com' });
    expect(await codeOf(removeMember(deps, { organization: 'acme', member: annId }))).toBe('not_a_member');
    expect((await stores.grants.findGrant('g-acme'))?.revokedAt).not.toBeNull();
    expect((await stores.grants.findGrant('g-globex'))?.revokedAt).toBeNull();
    await deleteOrganization(deps, globex.id);
    expect((await stores.grants.findGrant('g-globex'))?.revokedAt).not.toBeNull();
    expect(await stores.rbac.findOrganizationByName('globex')).toBeUndefined();
  });

  it('renames an organization: its id and members stay, the old name no longer finds it', async () => {
    const acme = await createOrganization(deps, 'acme');
    await createOrganization(deps, 'globex');
    await createRole(deps, { name: 'viewer', permissions: [] });
    await addMember(deps, { organization: 'acme', member: annId, roles: ['viewer'] });
    expect(await codeOf(renameOrganization(deps, 'acme', 'globex'))).toBe('organization_exists');
    expect(await codeOf(renameOrganization(deps, 'acme', 'Acme Two'))).toBe('invalid_organization_name');
    expect(await codeOf(renameOrganization(deps, 'initech', 'initech-two'))).toBe('organization_not_found');
    const { after } = await renameOrganization(deps, 'acme', 'acme-two');
    expect(after).toEqual({ ...acme, name: 'acme-two' });
    expect(await stores.rbac.findOrganizationByName('acme')).toBeUndefined();
    expect(await stores.rbac.findOrganizationById(acme.id)).toEqual(after);
    expect((await listMembers(deps, 'acme-two', 'all')).members.map((m) => m.holder.id)).toEqual([annId]);
  });

  it('deleting an organization forgets the consents given for it, and only those', async () => {
    const acme = await createOrganization(deps, 'acme');
    const globex = await createOrganization(deps, 'globex');
    await stores.consents.grant(annId, 'app', ['openid'], 1, acme.id);
    await stores.consents.grant(annId, 'app', ['openid'], 1, globex.id);
    await deleteOrganization(deps, 'acme');
    expect(await stores.consents.approvedOrganization(annId, 'app', acme.id)).toBe(false);
    expect(await stores.consents.approvedOrganization(annId, 'app', globex.id)).toBe(true);
    expect(await stores.consents.grantedScopes(annId, 'app')).toEqual(['openid']);
  });

  it('sets a client’s global roles (none takes them all) and its roles in an organization it is in', async () => {
    const acme = await createOrganization(deps, 'acme');
    await createRole(deps, { name: 'admin', permissions: ['users:write'] });
    await createRole(deps, { name: 'viewer', permissions: ['posts:read'] });
    await createRole(deps, { name: 'billing', permissions: ['invoices:read'], organization: 'acme' });
    const worker = { name: 'worker', grantTypes: ['client_credentials'], scopes: [] };
    const { client } = await registerClientWithRoles(deps, worker, ['admin']);
    const holder = { type: 'client', id: client.id } as const;
    expect(await setClientRoles(deps, { client: client.id, roles: ['viewer'] })).toMatchObject({
      organization: null,
      roles: ['viewer'],
    });
    expect(await stores.rbac.accessOf(holder, null)).toEqual({
      roles: ['viewer'],
      permissions: ['posts:read'],
    });
    // The organization's own roles are never global.
    expect(await codeOf(setClientRoles(deps, { client: client.id, roles: ['billing'] }))).toBe(
      'role_not_found',
    );
    expect(await codeOf(setClientRoles(deps, { client: 'nope', roles: [] }))).toBe('client_not_found');
    await setClientRoles(deps, { client: client.id, roles: [] });
    expect(await stores.rbac.accessOf(holder, null)).toEqual({ roles: [], permissions: [] });

    expect(
      await codeOf(setClientRoles(deps, { client: client.id, roles: ['billing'], organization: 'acme' })),
    ).toBe('not_a_member');
    await addClientToOrganization(deps, { organization: 'acme', member: client.id, roles: ['viewer'] });
    expect(await codeOf(setClientRoles(deps, { client: client.id, roles: [], organization: 'acme' }))).toBe(
      'role_required',
    );
    await setClientRoles(deps, { client: client.id, roles: ['billing', 'admin'], organization: acme.id });
    expect(await stores.rbac.accessOf(holder, acme.id)).toEqual({
      roles: ['admin', 'billing'],
      permissions: ['invoices:read', 'users:write'],
    });
  });

  it('keeps nothing of a command when a later step of its unit of work fails', async () => {
    const acme = await createOrganization(deps, 'acme');
    await createRole(deps, { name: 'viewer', permissions: [] });
    await addMember(deps, { organization: 'acme', member: annId, roles: ['viewer'] });
    await stores.grants.createGrant(grantFor('g-acme', annId), code('code-acme', 'g-acme'));
    await stores.grants.saveRefreshToken({ ...refreshToken('rt-acme', 'g-acme'), organizationId: acme.id });
    const failure = new Error('revocation failed');

    // Removing the member and revoking their refresh tokens hold together.
    const failingRevoke = {
      ...withFailingMethod(stores, 'grants', 'revokeForOrganization', failure),
      clock: deps.clock,
    };
    await expect(removeMember(failingRevoke, { organization: 'acme', member: annId })).rejects.toBe(failure);
    expect((await listMembers(deps, 'acme', 'all')).members).toHaveLength(1);
    await expect(deleteOrganization(failingRevoke, 'acme')).rejects.toBe(failure);
    expect(await stores.rbac.findOrganizationByName('acme')).toBeDefined();

    // A client registered with roles: no client when giving it a role fails.
    const failingRole = { ...withFailingMethod(stores, 'rbac', 'addGlobalRole', failure), clock: deps.clock };
    await expect(
      registerClientWithRoles(failingRole, { name: 'w', grantTypes: ['client_credentials'], scopes: [] }, [
        'viewer',
      ]),
    ).rejects.toBe(failure);
    expect(await stores.clients.list()).toEqual([]);
  });
});

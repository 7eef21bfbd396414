// RbacStore conformance (authz/rbac/rbac-store.ts): run by store-conformance.ts on every backend, each test on a fresh
// store.
import { describe, expect } from 'vitest';
import { RbacConflictError } from '../../../src/authz/rbac/rbac-errors.js';
import type { Role } from '../../../src/authz/rbac/rbac-store.js';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

const role = (id: string, name: string, organizationId: string | null, permissions: string[] = []): Role => ({
  id,
  organizationId,
  name,
  description: null,
  permissions,
  createdAt: 1,
  updatedAt: 1,
});
const ann = { type: 'user', id: 'u-ann' } as const;
const bot = { type: 'client', id: 'c-bot' } as const;

export function describeRbacStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('organizations, roles and memberships', () => {
    it('keeps organization names unique and finds them by id and by name', async () => {
      const rbac = stores().rbac;
      await rbac.createOrganization({ id: 'O1', name: 'acme', createdAt: 1 });
      await expect(rbac.createOrganization({ id: 'O2', name: 'acme', createdAt: 2 })).rejects.toMatchObject({
        code: 'organization_exists',
      });
      expect(await rbac.findOrganizationById('O1')).toEqual({ id: 'O1', name: 'acme', createdAt: 1 });
      expect(await rbac.findOrganizationByName('acme')).toMatchObject({ id: 'O1' });
      expect(await rbac.findOrganizationByName('globex')).toBeUndefined();
    });

    it('keeps role names unique per scope: the catalogue, and each organization', async () => {
      const rbac = stores().rbac;
      await rbac.createRole(role('R1', 'admin', null, ['users:write', 'users:read']));
      await rbac.createRole(role('R2', 'editor', 'O1'));
      await rbac.createRole(role('R3', 'editor', 'O2'));
      const taken = await rbac.createRole(role('R4', 'admin', null)).catch((e: unknown) => e);
      expect(taken).toBeInstanceOf(RbacConflictError);
      expect(taken).toMatchObject({ code: 'role_exists' });
      await expect(rbac.createRole(role('R5', 'editor', 'O1'))).rejects.toMatchObject({
        code: 'role_exists',
      });
      expect(await rbac.findRole('admin', null)).toMatchObject({
        id: 'R1',
        permissions: ['users:read', 'users:write'],
      });
      expect(await rbac.findRole('editor', null)).toBeUndefined();
      expect(await rbac.findRole('editor', 'O2')).toMatchObject({ id: 'R3' });
      expect((await rbac.listRoles()).map((r) => r.id)).toEqual(['R1', 'R2', 'R3']);
      expect((await rbac.listRoles({ organizationId: 'O1' })).map((r) => r.id)).toEqual(['R2']);
    });

    it('reads a member’s roles and the union of their permissions, and nothing for a non-member', async () => {
      const rbac = stores().rbac;
      await rbac.createOrganization({ id: 'O1', name: 'acme', createdAt: 1 });
      await rbac.createRole(role('R1', 'admin', null, ['posts:delete', 'posts:read']));
      await rbac.createRole(role('R2', 'viewer', null, ['posts:read']));
      await rbac.createRole(role('R3', 'empty', null));
      await rbac.addMemberRoles('O1', ann, ['R1', 'R2', 'R3'], 5);
      expect(await rbac.accessOf(ann, 'O1')).toEqual({
        roles: ['admin', 'empty', 'viewer'],
        permissions: ['posts:delete', 'posts:read'],
      });
      expect(await rbac.accessOf(bot, 'O1')).toBeUndefined();
      expect(await rbac.accessOf(ann, null)).toEqual({ roles: [], permissions: [] });
      await rbac.addGlobalRole(bot, 'R2', 6);
      expect(await rbac.accessOf(bot, null)).toEqual({ roles: ['viewer'], permissions: ['posts:read'] });
      expect(await rbac.addGlobalRole(bot, 'R2', 7)).toBe(false);
    });

    it('replaces a member’s roles keeping when it joined, and removes a member', async () => {
      const rbac = stores().rbac;
      await rbac.createOrganization({ id: 'O1', name: 'acme', createdAt: 1 });
      await rbac.createRole(role('R1', 'admin', null));
      await rbac.createRole(role('R2', 'viewer', 'O1'));
      await rbac.addMemberRoles('O1', ann, ['R1'], 5);
      await rbac.addMemberRoles('O1', bot, ['R2'], 6);
      await rbac.setMemberRoles('O1', ann, ['R2'], 9);
      expect(await rbac.listMembers('O1')).toEqual([
        { holder: ann, roles: ['viewer'], since: 5 },
        { holder: bot, roles: ['viewer'], since: 6 },
      ]);
      expect((await rbac.organizationsOf(ann)).map((o) => o.name)).toEqual(['acme']);
      expect(await rbac.removeMember('O1', ann)).toBe(true);
      expect(await rbac.removeMember('O1', ann)).toBe(false);
      expect(await rbac.organizationsOf(ann)).toEqual([]);
    });

    it('deleting a role takes it from every holder; deleting an organization takes its roles and members', async () => {
      const rbac = stores().rbac;
      await rbac.createOrganization({ id: 'O1', name: 'acme', createdAt: 1 });
      await rbac.createRole(role('R1', 'admin', null, ['a:b']));
      await rbac.createRole(role('R2', 'own', 'O1', ['c:d']));
      await rbac.addMemberRoles('O1', ann, ['R1', 'R2'], 5);
      await rbac.addGlobalRole(bot, 'R1', 5);
      expect(await rbac.countRoleHolders('R1')).toBe(2);
      expect(await rbac.deleteRole('R1')).toBe(true);
      expect(await rbac.countRoleHolders('R1')).toBe(0);
      expect(await rbac.accessOf(ann, 'O1')).toEqual({ roles: ['own'], permissions: ['c:d'] });
      expect(await rbac.deleteOrganization('O1')).toBe(true);
      expect(await rbac.findRole('own', 'O1')).toBeUndefined();
      expect(await rbac.accessOf(ann, 'O1')).toBeUndefined();
      expect(await rbac.deleteOrganization('O1')).toBe(false);
    });

    it('lists the memberships in which a role is the holder’s only role', async () => {
      const rbac = stores().rbac;
      await rbac.createOrganization({ id: 'O1', name: 'acme', createdAt: 1 });
      await rbac.createOrganization({ id: 'O2', name: 'globex', createdAt: 1 });
      await rbac.createRole(role('R1', 'admin', null, ['a:b']));
      await rbac.createRole(role('R2', 'viewer', null, ['c:d']));
      await rbac.addMemberRoles('O1', ann, ['R1', 'R2'], 5);
      await rbac.addMemberRoles('O2', ann, ['R1'], 5);
      await rbac.addMemberRoles('O1', bot, ['R1'], 5);
      await rbac.addGlobalRole(ann, 'R1', 5);
      expect(await rbac.soleRoleMemberships('R1')).toEqual([
        { organizationId: 'O1', holder: bot },
        { organizationId: 'O2', holder: ann },
      ]);
      expect(await rbac.soleRoleMemberships('R2')).toEqual([]);
    });

    it('updates a role’s description and permissions', async () => {
      const rbac = stores().rbac;
      await rbac.createRole(role('R1', 'admin', null, ['a:b']));
      expect(await rbac.updateRole('R1', { description: 'Admins', permissions: ['c:d', 'e:f'] }, 9)).toBe(
        true,
      );
      expect(await rbac.findRole('admin', null)).toMatchObject({
        description: 'Admins',
        permissions: ['c:d', 'e:f'],
        updatedAt: 9,
      });
      expect(await rbac.updateRole('nope', { description: null }, 9)).toBe(false);
    });

    it('renames an organization by id, keeping names unique', async () => {
      const rbac = stores().rbac;
      await rbac.createOrganization({ id: 'O1', name: 'acme', createdAt: 1 });
      await rbac.createOrganization({ id: 'O2', name: 'globex', createdAt: 2 });
      await expect(rbac.renameOrganization('O1', 'globex')).rejects.toMatchObject({
        code: 'organization_exists',
      });
      expect(await rbac.renameOrganization('O1', 'acme-two')).toBe(true);
      expect(await rbac.renameOrganization('O9', 'initech')).toBe(false);
      expect(await rbac.findOrganizationById('O1')).toEqual({ id: 'O1', name: 'acme-two', createdAt: 1 });
      expect(await rbac.findOrganizationByName('acme')).toBeUndefined();
    });

    it('replaces a holder’s global roles, keeping when a kept one was given', async () => {
      const rbac = stores().rbac;
      await rbac.createRole(role('R1', 'admin', null, ['users:write']));
      await rbac.createRole(role('R2', 'viewer', null, ['posts:read']));
      await rbac.addGlobalRole(bot, 'R1', 3);
      await rbac.addGlobalRole(ann, 'R1', 3);
      await rbac.setGlobalRoles(bot, ['R2'], 5);
      expect(await rbac.accessOf(bot, null)).toEqual({ roles: ['viewer'], permissions: ['posts:read'] });
      expect(await rbac.accessOf(ann, null)).toMatchObject({ roles: ['admin'] });
      await rbac.setGlobalRoles(bot, [], 6);
      expect(await rbac.accessOf(bot, null)).toEqual({ roles: [], permissions: [] });
    });

    it('answers membership relations forward and in reverse, by role name or for any role (member)', async () => {
      const rbac = stores().rbac;
      await rbac.createOrganization({ id: 'O1', name: 'acme', createdAt: 1 });
      await rbac.createOrganization({ id: 'O2', name: 'globex', createdAt: 1 });
      await rbac.createRole(role('R1', 'admin', null));
      await rbac.createRole(role('R2', 'billing', 'O1'));
      await rbac.addMemberRoles('O1', ann, ['R1', 'R2'], 5);
      await rbac.addMemberRoles('O2', ann, ['R1'], 5);
      await rbac.addMemberRoles('O1', bot, ['R2'], 5);
      expect(await rbac.holdsRelation('O1', ann, null)).toBe(true);
      expect(await rbac.holdsRelation('O1', ann, 'billing')).toBe(true);
      expect(await rbac.holdsRelation('O2', ann, 'billing')).toBe(false);
      expect(await rbac.holdsRelation('O2', bot, null)).toBe(false);
      const sorted = <T>(items: T[]) => items.map((item) => JSON.stringify(item)).sort();
      expect(sorted(await rbac.holdersOf('O1', null, ['user', 'client']))).toEqual(sorted([ann, bot]));
      expect(await rbac.holdersOf('O1', 'billing', ['client'])).toEqual([bot]);
      expect(await rbac.holdersOf('O1', 'admin', ['user', 'client'])).toEqual([ann]);
      expect(await rbac.holdersOf('O1', 'admin', [])).toEqual([]);
      expect((await rbac.organizationIdsOf(ann, null)).sort()).toEqual(['O1', 'O2']);
      expect((await rbac.organizationIdsOf(ann, 'admin')).sort()).toEqual(['O1', 'O2']);
      expect(await rbac.organizationIdsOf(ann, 'billing')).toEqual(['O1']);
      expect(await rbac.organizationIdsOf(bot, 'admin')).toEqual([]);
    });
  });
}

// Changes a role's description or permissions; holders see the change in their next token.
import { epochSeconds } from '../../clock.js';
import { findOrganization } from './find-organization.js';
import { findRoleIn } from './find-role.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { RbacNotFoundError } from './rbac-errors.js';
import { checkPermissions } from './rbac-names.js';
import type { Role } from './rbac-store.js';

export interface RoleChanges {
  name: string;
  /** Id or name of the organization whose own role it is; undefined for the catalogue. */
  organization?: string | undefined;
  /** An empty string removes it. */
  description?: string | undefined;
  /** Replaces every permission. */
  permissions?: string[] | undefined;
  addPermissions?: string[] | undefined;
  /** Each must be one the role has (RbacNotFoundError permission_not_found). */
  removePermissions?: string[] | undefined;
}

/** Applies the changes in one transaction and returns the role as it now is. */
export async function updateRole(
  deps: Pick<RbacDependencies, 'transaction' | 'clock'>,
  changes: RoleChanges,
): Promise<Role> {
  const replaced = changes.permissions === undefined ? undefined : checkPermissions(changes.permissions);
  const added = checkPermissions(changes.addPermissions ?? []);
  const removed = checkPermissions(changes.removePermissions ?? []);
  const now = epochSeconds(deps.clock);
  return deps.transaction(async ({ rbac }) => {
    const organization =
      changes.organization === undefined ? null : await findOrganization(rbac, changes.organization);
    const role = await findRoleIn(rbac, changes.name, organization);
    const permissions = new Set(replaced ?? role.permissions);
    for (const permission of added) permissions.add(permission);
    for (const permission of removed) {
      if (!permissions.delete(permission)) {
        throw new RbacNotFoundError(
          'permission_not_found',
          `role ${role.name} has no permission ${permission}`,
        );
      }
    }
    const description = changes.description === undefined ? undefined : changes.description.trim() || null;
    const next = {
      ...(description !== undefined && { description }),
      permissions: [...permissions].sort(),
    };
    await rbac.updateRole(role.id, next, now);
    return { ...role, ...next, updatedAt: now };
  });
}

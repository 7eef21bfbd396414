// Deletes a role; one that someone holds only with force, which takes it from every holder in the same transaction.

import { findOrganization } from './find-organization.js';
import { findRoleIn } from './find-role.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { RbacConflictError } from './rbac-errors.js';
import type { Role } from './rbac-store.js';

export interface RoleDeletion {
  name: string;
  organization?: string | undefined;
  force?: boolean | undefined;
}

/**
 * Returns the role and how many holders lost it. Throws RbacConflictError role_in_use when it is held and `force` is
 * not given. A member whose only role it was leaves the organization: their next refresh is refused.
 */
export async function deleteRole(
  deps: Pick<RbacDependencies, 'transaction'>,
  deletion: RoleDeletion,
): Promise<{ role: Role; holders: number }> {
  return deps.transaction(async ({ rbac }) => {
    const organization =
      deletion.organization === undefined ? null : await findOrganization(rbac, deletion.organization);
    const role = await findRoleIn(rbac, deletion.name, organization);
    const holders = await rbac.countRoleHolders(role.id);
    if (holders > 0 && !deletion.force) {
      throw new RbacConflictError(
        'role_in_use',
        `role ${role.name} is held by ${holders} member(s) or holder(s); only a forced deletion takes it from them`,
      );
    }
    await rbac.deleteRole(role.id);
    return { role, holders };
  });
}

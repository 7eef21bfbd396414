// Deletes a role; one that someone holds only with force, which takes it from every holder in the same transaction.

import { epochSeconds } from '../../clock.js';
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
 * not given. A member whose only role it was leaves the organization, as removeMember does: in the same transaction
 * their grants for that organization are revoked (refresh and access tokens).
 */
export async function deleteRole(
  deps: Pick<RbacDependencies, 'transaction' | 'clock'>,
  deletion: RoleDeletion,
): Promise<{ role: Role; holders: number }> {
  const now = epochSeconds(deps.clock);
  return deps.transaction(async ({ rbac, grants }) => {
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
    const leaving = holders > 0 ? await rbac.soleRoleMemberships(role.id) : [];
    await rbac.deleteRole(role.id);
    // A client's tokens for itself come without refresh tokens: only a person's grants are revoked.
    for (const { organizationId, holder } of leaving) {
      if (holder.type === 'user') await grants.revokeForOrganization(organizationId, holder.id, now);
    }
    return { role, holders };
  });
}

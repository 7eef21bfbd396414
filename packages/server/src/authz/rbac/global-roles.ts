// Roles outside any organization, for single-tenant apps: a person's (users add-role / remove-role) and a machine
// client's. Only catalogue roles can be global.
import { epochSeconds } from '../../clock.js';
import { findAssignableRole } from './find-role.js';
import { findHolder } from './memberships.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { RbacConflictError } from './rbac-errors.js';
import type { Role, RoleHolder } from './rbac-store.js';

type GlobalRoleDependencies = Pick<RbacDependencies, 'transaction' | 'clock'>;

export interface GlobalRoleChange {
  /** A user's email or id. */
  user: string;
  role: string;
}

/** `added`, or `unchanged` when the person had it. RbacNotFoundError role_not_found, UserNotFoundError. */
export async function addGlobalRole(
  deps: GlobalRoleDependencies,
  change: GlobalRoleChange,
): Promise<{ holder: RoleHolder; role: Role; outcome: 'added' | 'unchanged' }> {
  const now = epochSeconds(deps.clock);
  return deps.transaction(async (stores) => {
    const holder = await findHolder(stores, change.user, 'user');
    const role = await findAssignableRole(stores.rbac, change.role, null);
    const added = await stores.rbac.addGlobalRole(holder, role.id, now);
    return { holder, role, outcome: added ? 'added' : 'unchanged' };
  });
}

/** RbacConflictError role_not_held when the person does not hold it globally. */
export async function removeGlobalRole(
  deps: GlobalRoleDependencies,
  change: GlobalRoleChange,
): Promise<{ holder: RoleHolder; role: Role }> {
  return deps.transaction(async (stores) => {
    const holder = await findHolder(stores, change.user, 'user');
    const role = await findAssignableRole(stores.rbac, change.role, null);
    if (!(await stores.rbac.removeGlobalRole(holder, role.id))) {
      throw new RbacConflictError(
        'role_not_held',
        `${change.user} does not hold the global role ${role.name}`,
      );
    }
    return { holder, role };
  });
}

// Finds a role by name where it can be given: in an organization (its own roles, then the catalogue), or outside any
// (the catalogue only, whose roles are also the global ones).
import { RbacNotFoundError } from './rbac-errors.js';
import type { Organization, Role, RoleStore } from './rbac-store.js';

/** Throws RbacNotFoundError role_not_found, naming the role and where it was looked for. */
export async function findAssignableRole(
  roles: Pick<RoleStore, 'findRole'>,
  name: string,
  organization: Organization | null,
): Promise<Role> {
  const own = organization === null ? undefined : await roles.findRole(name, organization.id);
  const role = own ?? (await roles.findRole(name, null));
  if (!role) {
    const where = organization === null ? 'among the global roles' : `in organization ${organization.name}`;
    throw new RbacNotFoundError('role_not_found', `no role named ${name} ${where}`);
  }
  return role;
}

/** The named roles, each once; RbacNotFoundError for the first that does not exist there. */
export async function findAssignableRoles(
  roles: Pick<RoleStore, 'findRole'>,
  names: readonly string[],
  organization: Organization | null,
): Promise<Role[]> {
  const found: Role[] = [];
  for (const name of new Set(names)) found.push(await findAssignableRole(roles, name, organization));
  return found;
}

/** The role named `name` in exactly that scope (an organization's own roles, or the catalogue). */
export async function findRoleIn(
  roles: Pick<RoleStore, 'findRole'>,
  name: string,
  organization: Organization | null,
): Promise<Role> {
  const role = await roles.findRole(name, organization?.id ?? null);
  if (!role) {
    const where =
      organization === null ? 'in the catalogue' : `among the own roles of organization ${organization.name}`;
    throw new RbacNotFoundError('role_not_found', `no role named ${name} ${where}`);
  }
  return role;
}

// Lists roles for an administrator: the catalogue and every organization's own, or those one organization can give.
import { findOrganization } from './find-organization.js';
import type { RbacStore, Role } from './rbac-store.js';

export interface ListedRole extends Role {
  /** Name of the organization whose own role it is; null for the catalogue. */
  organizationName: string | null;
}

/** Every role, catalogue first; with `organization`, the catalogue and that organization's own roles. */
export async function listRoles(
  deps: { rbac: RbacStore },
  filter: { organization?: string | undefined } = {},
): Promise<ListedRole[]> {
  const { rbac } = deps;
  const names = new Map((await rbac.listOrganizations()).map((o) => [o.id, o.name]));
  const roles =
    filter.organization === undefined
      ? await rbac.listRoles()
      : [
          ...(await rbac.listRoles({ organizationId: null })),
          ...(await rbac.listRoles({
            organizationId: (await findOrganization(rbac, filter.organization)).id,
          })),
        ];
  return roles.map((role) => ({
    ...role,
    organizationName: role.organizationId === null ? null : (names.get(role.organizationId) ?? null),
  }));
}

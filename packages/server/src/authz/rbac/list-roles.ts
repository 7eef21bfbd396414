// Lists roles for an administrator, a page at a time: the catalogue and every organization's own, or those one
// organization can give.
import { findOrganization } from './find-organization.js';
import { isKeyString, listPage, type Paged, type PageRequest } from './list-page.js';
import type { RbacStore, Role, RoleKey } from './rbac-store.js';

export interface ListedRole extends Role {
  /** Name of the organization whose own role it is; null for the catalogue. */
  organizationName: string | null;
}

/** Every role, catalogue first; with `organization`, the catalogue and that organization's own roles. */
export async function listRoles(
  deps: { rbac: RbacStore },
  filter: { organization?: string | undefined },
  page: PageRequest | 'all',
): Promise<Paged<ListedRole>> {
  const { rbac } = deps;
  const organization =
    filter.organization === undefined ? undefined : await findOrganization(rbac, filter.organization);
  const { items, next } = await listPage(
    page,
    (keyset) =>
      rbac.listRoles(organization && { organizationId: organization.id, withCatalogue: true }, keyset),
    (role): RoleKey => ({ organizationId: role.organizationId, name: role.name }),
    parseRoleKey,
  );
  const names = new Map<string, string>();
  for (const id of new Set(items.flatMap((role) => role.organizationId ?? []))) {
    const owner = await rbac.findOrganizationById(id);
    if (owner) names.set(id, owner.name);
  }
  return {
    items: items.map((role) => ({
      ...role,
      organizationName: role.organizationId === null ? null : (names.get(role.organizationId) ?? null),
    })),
    next,
  };
}

function parseRoleKey(raw: unknown): RoleKey | undefined {
  const key = raw as Partial<RoleKey> | null;
  const organizationId = key?.organizationId;
  return (organizationId === null || isKeyString(organizationId)) && isKeyString(key?.name)
    ? { organizationId, name: key.name }
    : undefined;
}

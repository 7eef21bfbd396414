// Lists the organizations for an administrator, each with its number of members, a page at a time.
import { isKeyNumber, isKeyString, listPage, type Paged, type PageRequest } from './list-page.js';
import type { Organization, OrganizationKey, RbacStore } from './rbac-store.js';

export interface ListedOrganization extends Organization {
  members: number;
}

/** Oldest first; `'all'` lists every one (the CLI). */
export async function listOrganizations(
  deps: { rbac: RbacStore },
  page: PageRequest | 'all',
): Promise<Paged<ListedOrganization>> {
  const { items, next } = await listPage(
    page,
    (keyset) => deps.rbac.listOrganizations(keyset),
    (o): OrganizationKey => ({ createdAt: o.createdAt, id: o.id }),
    parseOrganizationKey,
  );
  const counts = await deps.rbac.countMembers(items.map((o) => o.id));
  return { items: items.map((o) => ({ ...o, members: counts.get(o.id) ?? 0 })), next };
}

function parseOrganizationKey(raw: unknown): OrganizationKey | undefined {
  const key = raw as Partial<OrganizationKey> | null;
  return isKeyNumber(key?.createdAt) && isKeyString(key.id)
    ? { createdAt: key.createdAt, id: key.id }
    : undefined;
}

// Lists the organizations for an administrator, each with its number of members.
import type { Organization, RbacStore } from './rbac-store.js';

export interface ListedOrganization extends Organization {
  members: number;
}

export async function listOrganizations(deps: { rbac: RbacStore }): Promise<ListedOrganization[]> {
  const organizations = await deps.rbac.listOrganizations();
  return Promise.all(
    organizations.map(async (o) => ({ ...o, members: (await deps.rbac.listMembers(o.id)).length })),
  );
}

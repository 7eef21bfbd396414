// Renames an organization. Its id stays, so tokens (org_id), consents, memberships and ReBAC tuples that name it by
// id are unaffected; only org_name in the next tokens changes.
import { findOrganization } from './find-organization.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { checkOrganizationName } from './rbac-names.js';
import type { Organization } from './rbac-store.js';

/** Throws RbacNotFoundError organization_not_found, RbacNameError invalid_organization_name, organization_exists. */
export async function renameOrganization(
  deps: Pick<RbacDependencies, 'transaction'>,
  reference: string,
  newName: string,
): Promise<{ before: Organization; after: Organization }> {
  const name = checkOrganizationName(newName);
  return deps.transaction(async ({ rbac }) => {
    const before = await findOrganization(rbac, reference);
    await rbac.renameOrganization(before.id, name);
    return { before, after: { ...before, name } };
  });
}

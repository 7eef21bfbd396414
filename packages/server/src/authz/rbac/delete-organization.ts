// Deletes an organization with its own roles, memberships and invitations, ends the refresh tokens issued for it and forgets the
// consents given for it, in one transaction.
import { epochSeconds } from '../../clock.js';
import { findOrganization } from './find-organization.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import type { Organization } from './rbac-store.js';

/** Throws RbacNotFoundError organization_not_found. */
export async function deleteOrganization(
  deps: Pick<RbacDependencies, 'transaction' | 'clock'>,
  reference: string,
): Promise<Organization> {
  const now = epochSeconds(deps.clock);
  return deps.transaction(async ({ rbac, grants, consents, invitations }) => {
    const organization = await findOrganization(rbac, reference);
    await rbac.deleteOrganization(organization.id);
    await grants.revokeForOrganization(organization.id, undefined, now);
    // Ids are never reused, but nothing should keep pointing at an organization that is gone.
    await consents.forgetOrganization(organization.id);
    await invitations.forgetOrganization(organization.id);
    return organization;
  });
}

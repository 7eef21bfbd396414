// Finds the organization an administrator or a request names, by id or by name: the one reading of an organization
// reference that every command, route and token request shares.
import { RbacNotFoundError } from './rbac-errors.js';
import type { Organization, OrganizationStore } from './rbac-store.js';

/**
 * The organization whose id or name is `reference`. Ids are ULIDs (upper-case) and names lower-case, so they never
 * collide; the id is tried first. Throws RbacNotFoundError organization_not_found.
 */
export async function findOrganization(
  organizations: Pick<OrganizationStore, 'findOrganizationById' | 'findOrganizationByName'>,
  reference: string,
): Promise<Organization> {
  const trimmed = reference.trim();
  const organization =
    (await organizations.findOrganizationById(trimmed)) ??
    (await organizations.findOrganizationByName(trimmed));
  if (!organization)
    throw new RbacNotFoundError('organization_not_found', `no organization with id or name ${reference}`);
  return organization;
}

// Creates an organization: a ULID and a unique, URL-safe name.
import { ulid } from 'ulid';
import { epochSeconds } from '../../clock.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { checkOrganizationName } from './rbac-names.js';
import type { Organization } from './rbac-store.js';

/** Throws RbacNameError invalid_organization_name, RbacConflictError organization_exists. */
export async function createOrganization(
  deps: Pick<RbacDependencies, 'rbac' | 'clock'>,
  name: string,
): Promise<Organization> {
  const organization = { id: ulid(), name: checkOrganizationName(name), createdAt: epochSeconds(deps.clock) };
  await deps.rbac.createOrganization(organization);
  return organization;
}

// Replaces the roles a machine client holds (`tessera clients set-roles`): its global roles, for its
// client_credentials tokens without an organization, or, with an organization, its roles there.
import { epochSeconds } from '../../clock.js';
import { findOrganization } from './find-organization.js';
import { findAssignableRoles } from './find-role.js';
import { findHolder } from './memberships.js';
import type { RbacDependencies } from './rbac-dependencies.js';
import { RbacConflictError } from './rbac-errors.js';
import type { Organization, RoleHolder } from './rbac-store.js';

export interface ClientRolesChange {
  client: string;
  /** Role names; none takes every global role (in an organization, at least one: remove-client ends membership). */
  roles: readonly string[];
  /** An organization's id or name; absent: the global roles (catalogue roles only). */
  organization?: string | undefined;
}

/**
 * RbacNotFoundError client_not_found, organization_not_found, role_not_found; RbacConflictError not_a_member (in an
 * organization, add the client first with add-client), role_required.
 */
export async function setClientRoles(
  deps: Pick<RbacDependencies, 'transaction' | 'clock'>,
  change: ClientRolesChange,
): Promise<{ holder: RoleHolder; organization: Organization | null; roles: string[] }> {
  const now = epochSeconds(deps.clock);
  return deps.transaction(async (stores) => {
    const holder = await findHolder(stores, change.client, 'client');
    if (change.organization === undefined) {
      const roles = await findAssignableRoles(stores.rbac, change.roles, null);
      await stores.rbac.setGlobalRoles(
        holder,
        roles.map((role) => role.id),
        now,
      );
      return { holder, organization: null, roles: roles.map((role) => role.name).sort() };
    }
    if (change.roles.length === 0) {
      throw new RbacConflictError(
        'role_required',
        'a member holds at least one role; to take them all, use orgs remove-client',
      );
    }
    const organization = await findOrganization(stores.rbac, change.organization);
    if ((await stores.rbac.accessOf(holder, organization.id)) === undefined) {
      throw new RbacConflictError(
        'not_a_member',
        `client ${change.client} holds no roles in ${organization.name}; add it with orgs add-client`,
      );
    }
    const roles = await findAssignableRoles(stores.rbac, change.roles, organization);
    await stores.rbac.setMemberRoles(
      organization.id,
      holder,
      roles.map((role) => role.id),
      now,
    );
    return { holder, organization, roles: roles.map((role) => role.name).sort() };
  });
}

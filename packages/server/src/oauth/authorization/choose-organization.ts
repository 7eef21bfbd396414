// Which organization an authorization request's tokens are for: the one it names (`organization=<id or name>`), which
// the user must be a member of; else, for a client marked `organizations: required`, the user's only one, or the one
// the user picks among several; else none (the global roles).
import { findOrganization } from '../../authz/rbac/find-organization.js';
import { RbacNotFoundError } from '../../authz/rbac/rbac-errors.js';
import type {
  AccessReader,
  MembershipStore,
  Organization,
  OrganizationStore,
} from '../../authz/rbac/rbac-store.js';
import type { Client } from '../clients/client.js';
import { AuthorizationRedirectError } from './authorization-errors.js';
import type { AuthorizationRequest } from './authorization-request.js';

export type OrganizationChooser = AccessReader &
  Pick<MembershipStore, 'organizationsOf'> &
  Pick<OrganizationStore, 'findOrganizationById' | 'findOrganizationByName'>;

/** `chosen`: the organization's id, or null for none; `pick`: the user must choose among these first. */
export type OrganizationChoice =
  | { kind: 'chosen'; organizationId: string | null }
  | { kind: 'pick'; organizations: Organization[] };

/**
 * Throws AuthorizationRedirectError access_denied (to the verified redirect_uri) when the named organization is
 * unknown or the user is not a member of it, and when a client that requires an organization meets a user in none.
 */
export async function chooseOrganization(
  rbac: OrganizationChooser,
  authorization: AuthorizationRequest,
  userId: string,
): Promise<OrganizationChoice> {
  const { redirectUri, state } = authorization;
  return chooseOrganizationFor(
    rbac,
    authorization,
    userId,
    (description) => new AuthorizationRedirectError('access_denied', description, redirectUri, state),
  );
}

/**
 * The same choice for any request that names an organization and a client (the device authorization too), refused
 * with `deny`'s error.
 */
export async function chooseOrganizationFor(
  rbac: OrganizationChooser,
  request: { organization: string | undefined; client: Pick<Client, 'organizations'> },
  userId: string,
  deny: (description: string) => Error,
): Promise<OrganizationChoice> {
  const holder = { type: 'user', id: userId } as const;
  if (request.organization !== undefined) {
    const organization = await findOrganization(rbac, request.organization).catch((error: unknown) => {
      if (error instanceof RbacNotFoundError) return undefined;
      throw error;
    });
    // One answer for an unknown organization and for one the user is not in: the client learns nothing more.
    if (!organization || (await rbac.accessOf(holder, organization.id)) === undefined) {
      throw deny('the user is not a member of the requested organization');
    }
    return { kind: 'chosen', organizationId: organization.id };
  }
  if (request.client.organizations !== 'required') return { kind: 'chosen', organizationId: null };
  const organizations = await rbac.organizationsOf(holder);
  const [only] = organizations;
  if (only === undefined)
    throw deny('the user is not a member of any organization, which this application requires');
  if (organizations.length === 1) return { kind: 'chosen', organizationId: only.id };
  return { kind: 'pick', organizations };
}

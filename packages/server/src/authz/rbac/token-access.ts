// The organization, roles and permissions a token carries, read afresh at every issue (codes, refreshes, client
// credentials) so that a change shows at the next token and is never cached past it.
import type { AccessReader, Organization, OrganizationStore, RoleHolder } from './rbac-store.js';

/** What the token is for: one organization and the holder's roles there, or none and its global roles. */
export interface TokenAccess {
  organization: Organization | null;
  roles: string[];
  permissions: string[];
}

export type TokenAccessReader = AccessReader & Pick<OrganizationStore, 'findOrganizationById'>;

/**
 * The holder's access in the organization `organizationId` (an id, as stored with a code or refresh token, or already
 * resolved from a request), or globally with null; undefined when the organization is gone or the holder is not a
 * member of it.
 */
export async function readTokenAccess(
  rbac: TokenAccessReader,
  holder: RoleHolder,
  organizationId: string | null,
): Promise<TokenAccess | undefined> {
  const organization = organizationId === null ? null : await rbac.findOrganizationById(organizationId);
  if (organization === undefined) return undefined;
  const access = await rbac.accessOf(holder, organization?.id ?? null);
  return access && { organization, ...access };
}

/**
 * The access token's claims: `org_id` and `org_name` for an organization, `roles` and `permissions` (flat strings)
 * when there are any. Names as Logto, Auth0 and Zitadel's flat forms use them, for guards that read them locally.
 */
export function accessTokenClaims(access: TokenAccess): Record<string, unknown> {
  return {
    ...(access.organization && { org_id: access.organization.id, org_name: access.organization.name }),
    ...(access.roles.length > 0 && { roles: access.roles }),
    ...(access.permissions.length > 0 && { permissions: access.permissions }),
  };
}

/** The ID token's, with scope `roles`: `org_id` and `roles`. */
export function idTokenClaims(access: TokenAccess): Record<string, unknown> {
  return {
    ...(access.organization && { org_id: access.organization.id }),
    roles: access.roles,
  };
}

/** The claims Tessera adds for RBAC, for discovery's claims_supported. */
export const RBAC_CLAIM_NAMES = ['org_id', 'org_name', 'roles', 'permissions'] as const;

/** The scope that releases `org_id` and `roles` in ID tokens. */
export const ROLES_SCOPE = 'roles';

// The organization a token request asks for (`organization=<id or name>` on refresh_token and client_credentials, or
// the one its code or refresh token was issued for) and the holder's roles and permissions there, read now.
import { findOrganization } from '../../authz/rbac/find-organization.js';
import { RbacNotFoundError } from '../../authz/rbac/rbac-errors.js';
import type { OrganizationStore, RoleHolder } from '../../authz/rbac/rbac-store.js';
import { readTokenAccess, type TokenAccess, type TokenAccessReader } from '../../authz/rbac/token-access.js';
import { OAuthError } from '../oauth-error.js';

export type GrantAccessReader = TokenAccessReader & Pick<OrganizationStore, 'findOrganizationByName'>;

/**
 * The access for a token: in the organization the request names when it names one, else in `stored` (null: the
 * global roles). invalid_request when the named organization is unknown or the holder no member of it (one answer
 * for both, so a client learns nothing of organizations it is not in); invalid_grant when the holder is no longer a
 * member of the stored one.
 */
export async function grantAccess(
  rbac: GrantAccessReader,
  holder: RoleHolder,
  requested: string | undefined,
  stored: string | null,
): Promise<TokenAccess> {
  const who = holder.type === 'user' ? 'the user' : 'the client';
  if (requested !== undefined) {
    const organization = await findOrganization(rbac, requested).catch((error: unknown) => {
      if (error instanceof RbacNotFoundError) return undefined;
      throw error;
    });
    const access = organization && (await readTokenAccess(rbac, holder, organization.id));
    if (!access)
      throw new OAuthError('invalid_request', `${who} is not a member of organization ${requested}`);
    return access;
  }
  const access = await readTokenAccess(rbac, holder, stored);
  if (!access) throw new OAuthError('invalid_grant', `${who} is no longer a member of the organization`);
  return access;
}

// The grant a token request draws on, and its user, while both still count: the one check the authorization-code
// and refresh-token grants (and the device grant to come) make before issuing tokens.
import { isActiveAccount } from '../../accounts/live-account.js';
import type { User, UserStore } from '../../accounts/user.js';
import type { Grant, GrantStore } from '../grant-store.js';
import { OAuthError } from '../oauth-error.js';

/** The grant and its user; invalid_grant when the grant is unknown or revoked, or its account gone or disabled. */
export async function findLiveGrant(
  deps: { grants: GrantStore; users: UserStore },
  grantId: string,
): Promise<{ grant: Grant; user: User }> {
  const grant = await deps.grants.findGrant(grantId);
  const user = grant ? await deps.users.findById(grant.userId) : undefined;
  if (!grant || grant.revokedAt !== null || !isActiveAccount(user))
    throw new OAuthError('invalid_grant', 'the grant is no longer valid');
  return { grant, user };
}

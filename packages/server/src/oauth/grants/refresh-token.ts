// The refresh_token grant (RFC 6749 §6): opaque tokens stored hashed and rotated on every use; presenting a rotated
// token again revokes the whole grant (RFC 9700 §4.14.2). Scope may be narrowed, never widened. `organization` switches
// the tokens to another organization the user is a member of and has approved for the client (first-party clients need
// no approval); roles and permissions are read again on every refresh.
import type { UserStore } from '../../accounts/user.js';
import { epochSeconds } from '../../clock.js';
import { hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import type { ConsentStore } from '../consent-store.js';
import { requireParam } from '../form-params.js';
import { OAuthError } from '../oauth-error.js';
import { grantScopes } from '../scope.js';
import { type GrantAccessReader, grantAccess } from './grant-access.js';
import type { GrantHandler } from './grant-handler.js';
import { issueUserTokens, type UserTokenDependencies } from './issue-user-tokens.js';
import { findLiveGrant } from './live-grant.js';

export function refreshTokenGrant(
  deps: UserTokenDependencies & {
    users: UserStore;
    rbac: GrantAccessReader;
    consents: Pick<ConsentStore, 'approvedOrganization'>;
  },
): GrantHandler {
  return {
    grantType: 'refresh_token',
    parameters: new Set(['refresh_token', 'scope', 'organization']),
    async handle(client, params) {
      const presented = requireParam(params, 'refresh_token');
      const tokenHash = hashOpaqueSecret(presented);
      const now = epochSeconds(deps.clock);
      const invalid = (description: string) => new OAuthError('invalid_grant', description);
      const stored = await deps.grants.findRefreshToken(tokenHash);
      if (!stored) throw invalid('the refresh token is invalid');
      if (stored.clientId !== client.id) throw invalid('the refresh token was issued to another client');
      const replayed = async () => {
        await deps.grants.revokeGrant(stored.grantId, now);
        return invalid('the refresh token was already used; the whole grant is revoked');
      };
      if (stored.rotatedAt !== null) throw await replayed();
      if (now >= stored.expiresAt) throw invalid('the refresh token has expired');
      // Checked before the token is used up, so a mistaken scope does not cost the client its token.
      const scopes = grantScopes(params.get('scope'), stored.scope);
      const { grant, user } = await findLiveGrant(deps, stored.grantId);
      // So is the organization: a switch to one the user is not in keeps the token for the one it was in.
      const access = await grantAccess(
        deps.rbac,
        { type: 'user', id: user.id },
        params.get('organization'),
        stored.organizationId,
      );
      // A client never gets a user's tokens for an organization the user has not approved for it: a switch to
      // another one needs that approval (from the consent page), unless the client is first-party (no consent).
      const switchedTo = access.organization?.id ?? null;
      if (
        switchedTo !== null &&
        switchedTo !== stored.organizationId &&
        !client.firstParty &&
        !(await deps.consents.approvedOrganization(user.id, client.id, switchedTo))
      ) {
        throw new OAuthError(
          'invalid_request',
          `the user has not approved this client for organization ${params.get('organization')}`,
        );
      }
      if ((await deps.grants.redeemRefreshToken(tokenHash, now)).outcome !== 'redeemed')
        throw await replayed();
      // No new ID token on refresh (OIDC Core §12.2 allows it): the original sign-in's claims are the client's.
      return issueUserTokens(client, user, grant, scopes, null, access, deps);
    },
  };
}

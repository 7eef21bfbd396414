// Token revocation (RFC 7009): a client revokes one of its own tokens. A revoked access token's jti is refused until
// it expires; a revoked refresh token takes its whole grant with it (RFC 7009 §2.1).
import { type Clock, epochSeconds } from '../clock.js';
import { hashOpaqueSecret } from '../crypto/opaque-secret.js';
import type { GrantStore } from '../oauth/grant-store.js';
import type { KeyRing } from './key-ring.js';
import { readOwnAccessToken } from './read-own-access-token.js';
import type { RevokedTokenStore } from './revoked-token-store.js';

export interface RevokeTokenDependencies {
  issuer: string;
  keyRing: KeyRing;
  clock: Clock;
  revokedTokens: RevokedTokenStore;
  grants: GrantStore;
}

/**
 * What became of a revocation: `not_yours` when the token was issued to another client (nothing is revoked);
 * `unknown` for an invalid or unknown token, which is not an error (RFC 7009 §2.2).
 */
export type RevocationOutcome = 'revoked' | 'unknown' | 'not_yours';

/** Revokes `token` if it is one of Tessera's access or refresh tokens and was issued to `clientId`. */
export async function revokeToken(
  deps: RevokeTokenDependencies,
  token: string,
  clientId: string,
): Promise<RevocationOutcome> {
  // A token_type_hint would only order the look-ups (RFC 7009 §2.1); both kinds are tried.
  const accessToken = await readOwnAccessToken(token, deps.keyRing, deps.issuer, deps.clock);
  if (accessToken) {
    if (accessToken.claims.client_id !== clientId) return 'not_yours';
    await deps.revokedTokens.revoke(accessToken.claims.jti, accessToken.claims.exp);
    return 'revoked';
  }
  const refreshToken = await deps.grants.findRefreshToken(hashOpaqueSecret(token));
  if (!refreshToken) return 'unknown';
  if (refreshToken.clientId !== clientId) return 'not_yours';
  await deps.grants.revokeGrant(refreshToken.grantId, epochSeconds(deps.clock));
  return 'revoked';
}

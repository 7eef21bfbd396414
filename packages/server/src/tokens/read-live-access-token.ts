// Reads an access token that still counts: one Tessera signed, unexpired and not revoked; what introspection and
// userinfo accept, and every endpoint that takes an access token next.
import type { Clock } from '../clock.js';
import type { KeyRing } from './key-ring.js';
import { type OwnAccessToken, readOwnAccessToken } from './read-own-access-token.js';
import type { RevokedTokenStore } from './revoked-token-store.js';

export interface LiveAccessTokenDependencies {
  issuer: string;
  keyRing: KeyRing;
  clock: Clock;
  revokedTokens: Pick<RevokedTokenStore, 'isRevoked'>;
}

/** Undefined for anything expired, revoked (RFC 7009), malformed or not Tessera's; never throws for bad input. */
export async function readLiveAccessToken(
  deps: LiveAccessTokenDependencies,
  token: string,
): Promise<OwnAccessToken | undefined> {
  const accessToken = await readOwnAccessToken(token, deps.keyRing, deps.issuer, deps.clock);
  if (!accessToken || (await deps.revokedTokens.isRevoked(accessToken.claims.jti))) return undefined;
  return accessToken;
}

// Issues the tokens of a user's grant: an access token recorded under the grant, an ID token for `openid`, and a
// fresh refresh token for `offline_access` (RFC 6749 §6, rotated on every use per RFC 9700 §4.14.2).
import { ACR_PASSWORD } from '../../accounts/authentication-context.js';
import type { User } from '../../accounts/user.js';
import {
  accessTokenClaims,
  idTokenClaims,
  ROLES_SCOPE,
  type TokenAccess,
} from '../../authz/rbac/token-access.js';
import { type Clock, epochSeconds } from '../../clock.js';
import { generateOpaqueSecret, hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import { mintAccessToken } from '../../tokens/access-token.js';
import { mintIdToken } from '../../tokens/id-token.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import type { Client } from '../clients/client.js';
import type { Grant, GrantStore } from '../grant-store.js';
import { claimsForScopes } from '../user-claims.js';
import type { TokenResponse } from './grant-handler.js';

/** A refresh token unused this long expires; none outlives the grant's absolute lifetime. */
export const REFRESH_TOKEN_IDLE_SECONDS = 14 * 86_400;
export const REFRESH_GRANT_MAX_SECONDS = 90 * 86_400;

export interface UserTokenDependencies {
  issuer: string;
  keyRing: KeyRing;
  grants: GrantStore;
  clock: Clock;
}

export interface SignIn {
  authTime: number;
  amr: string[];
  /** Absent for codes issued before acr was kept: they were password sign-ins. */
  acr?: string;
  sid: string;
  nonce: string | null;
}

export async function issueUserTokens(
  client: Client,
  user: User,
  grant: Grant,
  scopes: string[],
  /** The sign-in behind the grant; null on refresh, where no new ID token is issued (OIDC Core §12.2 allows it). */
  signIn: SignIn | null,
  /** The organization the tokens are for and the user's roles there (grant-access.ts), read for this issue. */
  tokenAccess: TokenAccess,
  deps: UserTokenDependencies,
): Promise<TokenResponse> {
  const now = epochSeconds(deps.clock);
  const key = deps.keyRing.signingKey();
  // RFC 9470 §3: access tokens say how and when the user authenticated, from the grant, so a refreshed token keeps
  // the original sign-in's (a refresh authenticates no one, so never raises them).
  const authentication = {
    ...(grant.acr !== undefined && { acr: grant.acr }),
    ...(grant.authTime !== undefined && { auth_time: grant.authTime }),
  };
  const access = await mintAccessToken(key, {
    issuer: deps.issuer,
    subject: user.id,
    clientId: client.id,
    audience: client.audience ?? deps.issuer,
    scopes,
    issuedAt: now,
    ttlSeconds: client.accessTokenTtlSeconds,
    extraClaims: { ...accessTokenClaims(tokenAccess), ...authentication },
  });
  await deps.grants.recordAccessToken(
    access.jti,
    grant.id,
    access.expiresAt,
    tokenAccess.organization?.id ?? null,
  );
  const response: TokenResponse = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: client.accessTokenTtlSeconds,
    scope: scopes.join(' '),
  };
  if (signIn && scopes.includes('openid')) {
    response.id_token = await mintIdToken(deps.keyRing.idTokenKey(client.idTokenSignedResponseAlg), {
      issuer: deps.issuer,
      clientId: client.id,
      subject: user.id,
      issuedAt: now,
      authTime: signIn.authTime,
      amr: signIn.amr,
      acr: signIn.acr ?? ACR_PASSWORD,
      sid: signIn.sid,
      nonce: signIn.nonce,
      accessToken: access.token,
      extraClaims: {
        ...claimsForScopes(user, scopes),
        ...(scopes.includes(ROLES_SCOPE) && idTokenClaims(tokenAccess)),
      },
    });
  }
  if (scopes.includes('offline_access') && client.grantTypes.includes('refresh_token')) {
    const refreshToken = generateOpaqueSecret();
    await deps.grants.saveRefreshToken({
      tokenHash: hashOpaqueSecret(refreshToken),
      grantId: grant.id,
      clientId: client.id,
      scope: scopes,
      createdAt: now,
      expiresAt: Math.min(now + REFRESH_TOKEN_IDLE_SECONDS, grant.createdAt + REFRESH_GRANT_MAX_SECONDS),
      rotatedAt: null,
      organizationId: tokenAccess.organization?.id ?? null,
    });
    response.refresh_token = refreshToken;
  }
  return response;
}

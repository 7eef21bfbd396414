// Who may call the FGA API: a Tessera access token minted for the API's audience (`<issuer>/fga`, verified with the
// server's own keys, not revoked), or a pre-shared API token (stored hashed). Each operation needs a scope; fga:admin
// includes fga:write, which includes fga:read. 401 without a valid credential, 403 with one lacking the scope.

import { hashOpaqueSecret, opaqueSecretMatches } from '../../crypto/opaque-secret.js';
import { type ApiCaller, bearerTokenOf, readApiAccessToken } from '../../tokens/read-api-access-token.js';
import type { LiveAccessTokenDependencies } from '../../tokens/read-live-access-token.js';
import type { FgaApiTokenStore } from './api-token-store.js';
import { FgaError } from './fga-error.js';
import { API_TOKEN_PREFIX, type FgaScope } from './fga-scopes.js';

/** The audience (RFC 8707 resource) of access tokens for the FGA API. */
export function fgaAudience(issuer: string): string {
  return `${issuer}/fga`;
}

/** The subject is the client id of an access token, or `api-token:<id>`. */
export type FgaCaller = ApiCaller;

export interface FgaAuthenticationDependencies extends LiveAccessTokenDependencies {
  readonly apiTokens: Pick<FgaApiTokenStore, 'findByHash'>;
}

const unauthenticated = (message: string) =>
  FgaError.server('unauthenticated', message, { 'www-authenticate': 'Bearer' });

/** The caller named by an `Authorization: Bearer` header; 401 unauthenticated for anything else. */
export async function authenticateFgaCaller(
  deps: FgaAuthenticationDependencies,
  authorization: string | undefined,
): Promise<FgaCaller> {
  const token = bearerTokenOf(authorization);
  if (!token) throw unauthenticated('missing bearer token');
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const stored = await deps.apiTokens.findByHash(hashOpaqueSecret(token));
    // The row was found by hash; the comparison is still made in constant time.
    if (!stored || !opaqueSecretMatches(token, stored.tokenHash)) throw unauthenticated('unauthenticated');
    return { subject: `api-token:${stored.id}`, scopes: new Set(stored.scopes) };
  }
  const read = await readApiAccessToken(deps, token, fgaAudience(deps.issuer));
  switch (read.outcome) {
    case 'valid':
      return read.caller;
    case 'other_audience':
      throw unauthenticated('the token is not for this API');
    default:
      throw unauthenticated('unauthenticated');
  }
}

const INCLUDED: Record<FgaScope, readonly FgaScope[]> = {
  'fga:read': ['fga:read', 'fga:write', 'fga:admin'],
  'fga:write': ['fga:write', 'fga:admin'],
  'fga:admin': ['fga:admin'],
};

/** 403 forbidden unless the caller holds `needed` or a scope that includes it. */
export function requireFgaScope(caller: FgaCaller, needed: FgaScope): void {
  if (!INCLUDED[needed].some((scope) => caller.scopes.has(scope))) {
    throw FgaError.server('forbidden', `this operation needs the ${needed} scope`);
  }
}

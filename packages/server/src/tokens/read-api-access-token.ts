// Reads the caller of a Tessera API (the FGA API, the admin API) from its `Authorization: Bearer` header: one of
// Tessera's own live access tokens, minted for that API's audience. Each API turns the outcome into its own errors.
import { type LiveAccessTokenDependencies, readLiveAccessToken } from './read-live-access-token.js';

export interface ApiCaller {
  /** The client id of the token (client_credentials), else its `sub`. */
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
}

/**
 * `missing`: no bearer token in the header; `invalid`: not a live Tessera access token (expired, revoked, forged);
 * `other_audience`: a good token for another resource server (RFC 9068 §4: not for this API).
 */
export type ApiAccessTokenOutcome =
  | { readonly outcome: 'valid'; readonly caller: ApiCaller }
  | { readonly outcome: 'missing' | 'invalid' | 'other_audience' };

/** The bearer token of an `Authorization` header (RFC 6750 §2.1), or undefined. */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  const match = authorization === undefined ? null : /^Bearer ([\x21-\x7E]+)$/i.exec(authorization);
  return match?.[1];
}

export async function readApiAccessToken(
  deps: LiveAccessTokenDependencies,
  token: string | undefined,
  audience: string,
): Promise<ApiAccessTokenOutcome> {
  if (!token) return { outcome: 'missing' };
  // Signed by Tessera, unexpired and not revoked.
  const access = await readLiveAccessToken(deps, token);
  if (!access) return { outcome: 'invalid' };
  const { claims } = access;
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(audience)) return { outcome: 'other_audience' };
  return {
    outcome: 'valid',
    caller: {
      subject: claims.client_id ?? String(claims.sub),
      scopes: new Set((claims.scope ?? '').split(' ').filter((scope) => scope !== '')),
    },
  };
}

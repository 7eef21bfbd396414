// Who may call the admin API: a Tessera access token minted for its audience (`<issuer>/admin`, the FGA API's scheme)
// with the `tessera:admin` scope, e.g. a client_credentials client registered with `--audience <issuer>/admin --scope tessera:admin`.
// 401 invalid_token without a live token for this API, 403 insufficient_scope without the scope (RFC 6750 §3.1).
import { type ApiCaller, bearerTokenOf, readApiAccessToken } from '../tokens/read-api-access-token.js';
import type { LiveAccessTokenDependencies } from '../tokens/read-live-access-token.js';
import { AdminError } from './admin-error.js';

/** The scope every admin operation needs. */
export const ADMIN_SCOPE = 'tessera:admin';

/** The audience (RFC 8707 resource) of access tokens for the admin API. */
export function adminAudience(issuer: string): string {
  return `${issuer}/admin`;
}

export async function authenticateAdminCaller(
  deps: LiveAccessTokenDependencies,
  authorization: string | undefined,
): Promise<ApiCaller> {
  const read = await readApiAccessToken(deps, bearerTokenOf(authorization), adminAudience(deps.issuer));
  if (read.outcome !== 'valid') {
    const description =
      read.outcome === 'missing'
        ? 'a bearer access token for the admin API is required'
        : read.outcome === 'other_audience'
          ? 'the token is not for the admin API'
          : 'the token is expired, revoked or not one of this server';
    // RFC 6750 §3: a request without credentials gets the challenge without an error code.
    const challenge = read.outcome === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"';
    throw new AdminError('invalid_token', description, 401, { 'www-authenticate': challenge });
  }
  if (!read.caller.scopes.has(ADMIN_SCOPE)) {
    throw new AdminError('insufficient_scope', `the admin API needs the ${ADMIN_SCOPE} scope`, 403, {
      'www-authenticate': `Bearer error="insufficient_scope", scope="${ADMIN_SCOPE}"`,
    });
  }
  return read.caller;
}

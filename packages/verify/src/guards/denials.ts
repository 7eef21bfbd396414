// The HTTP answers a guard gives instead of the route: RFC 6750 §3 challenges and one JSON body shape.

import type { VerifyErrorCode } from '../errors.js';

/** A refusal, rendered the same by every adapter: status, headers and a JSON body as text. */
export interface Denial {
  readonly status: 400 | 401 | 403 | 500 | 503;
  readonly headers: Readonly<Record<string, string>>;
  /** `{"error": ..., "error_description": ...}` */
  readonly body: string;
}

/** Seconds a client should wait before retrying when the issuer or the permission service is unreachable. */
const RETRY_AFTER_SECONDS = '5';

function deny(
  status: Denial['status'],
  error: string,
  description: string,
  challenge?: string,
  retry = false,
): Denial {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (challenge !== undefined) headers['www-authenticate'] = challenge;
  if (retry) headers['retry-after'] = RETRY_AFTER_SECONDS;
  return Object.freeze({ status, headers, body: JSON.stringify({ error, error_description: description }) });
}

/** RFC 6750 §3.1: no credentials at all: a challenge without an error code. */
export function missingToken(realm: string): Denial {
  return deny(401, 'unauthorized', 'A bearer access token is required', `Bearer realm="${realm}"`);
}

/**
 * RFC 6750 §3.1 invalid_request: more than one credential (a repeated Authorization header, or several in one),
 * which a proxy and the application could read differently.
 */
export function conflictingCredentials(realm: string): Denial {
  const description = 'Send exactly one Authorization header with one bearer access token';
  return deny(
    400,
    'invalid_request',
    description,
    `Bearer realm="${realm}", error="invalid_request", error_description="${description}"`,
  );
}

/** Failures that are the issuer's or the network's, not the token's: the client should retry, not re-login. */
const UNAVAILABLE: ReadonlySet<VerifyErrorCode> = new Set([
  'ERR_JWKS_FETCH_FAILED',
  'ERR_JWKS_INVALID',
  'ERR_DISCOVERY_FAILED',
  'ERR_INTROSPECTION_FAILED',
]);

/** The answer to a token the verifier rejected with `code` (undefined: an unexpected error). */
export function rejectedToken(realm: string, code: VerifyErrorCode | undefined): Denial {
  if (code === undefined) return guardFailed();
  if (UNAVAILABLE.has(code)) {
    return deny(
      503,
      'temporarily_unavailable',
      'The access token cannot be verified right now',
      undefined,
      true,
    );
  }
  // RFC 6750 §3.1 invalid_token; the description says only what a legitimate client can act on.
  const description =
    code === 'ERR_JWT_EXPIRED'
      ? 'The access token expired'
      : code === 'ERR_JWT_REVOKED'
        ? 'The access token was revoked'
        : 'The access token is invalid';
  return deny(
    401,
    'invalid_token',
    description,
    `Bearer realm="${realm}", error="invalid_token", error_description="${description}"`,
  );
}

/** RFC 6750 §3.1 insufficient_scope, naming the scopes the request needs. */
export function insufficientScope(realm: string, scopes: readonly string[]): Denial {
  const scope = scopes.join(' ');
  const description = `The access token lacks a required scope (${scope})`;
  return deny(
    403,
    'insufficient_scope',
    description,
    `Bearer realm="${realm}", error="insufficient_scope", error_description="${description}", scope="${scope}"`,
  );
}

/**
 * RFC 9470 §3 insufficient_user_authentication: the token's authentication is too weak (its `acr` not one of
 * `acrValues`) or too old for `maxAge`; the challenge names what to ask the authorization server for: the values,
 * and max_age whenever the route has one, so that one new authentication meets both.
 */
export function insufficientUserAuthentication(
  realm: string,
  reason: 'level' | 'age',
  acrValues: readonly string[],
  maxAge: number | undefined,
): Denial {
  // RFC 9470 §3's own descriptions.
  const description =
    reason === 'level'
      ? 'A different authentication level is required'
      : 'More recent authentication is required';
  const maxAgeParameter = maxAge === undefined ? '' : `, max_age="${maxAge}"`;
  return deny(
    401,
    'insufficient_user_authentication',
    description,
    `Bearer realm="${realm}", error="insufficient_user_authentication", error_description="${description}", acr_values="${acrValues.join(' ')}"${maxAgeParameter}`,
  );
}

export function insufficientRole(): Denial {
  return deny(403, 'insufficient_role', 'The access token does not carry a required role');
}

/** A token's `permissions` claim lacks one the route needs (requireTokenPermission), named as for scopes. */
export function insufficientTokenPermission(permissions: readonly string[]): Denial {
  return deny(
    403,
    'insufficient_permission',
    `The access token lacks a required permission (${permissions.join(' ')})`,
  );
}

/**
 * The token is for another organization than the route's, or for none, or for one on a route of no organization:
 * the cross-tenant IDOR and a tenant's admin acting as a platform admin, refused.
 */
export function otherOrganization(): Denial {
  return deny(403, 'wrong_organization', 'The access token is not for this organization');
}

export function insufficientPermission(): Denial {
  return deny(403, 'insufficient_permission', 'The user does not have the required permission');
}

/** Fail closed: when the permission check cannot answer, the request is refused, and may be retried. */
export function permissionUnavailable(): Denial {
  return deny(503, 'temporarily_unavailable', 'The permission check could not be answered', undefined, true);
}

/** A failure of the application's own guard code (e.g. its objectId function threw): fail closed. */
export function guardFailed(): Denial {
  return deny(500, 'server_error', 'The request could not be authorized');
}

// Every requested scope is a valid token (RFC 6749 §3.3) that OpenID Connect defines or the client may ask for.
import { isValidScopeToken } from '../../scope.js';
import type { VerifiedRequestContext } from './authorization-check.js';

/** OpenID Connect's scopes, and `roles` (authz/rbac/token-access.ts): org_id and roles in the ID token. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'roles'] as const;

/** The requested scopes, each once, in the order asked. */
export function checkScope({ param, client, fail }: VerifiedRequestContext): string[] {
  const scopes = [...new Set((param('scope') ?? '').split(' ').filter((s) => s !== ''))];
  const allowed = new Set<string>([...OIDC_SCOPES, ...client.scopes]);
  if (scopes.some((s) => !isValidScopeToken(s) || !allowed.has(s))) {
    throw fail('invalid_scope', 'the requested scope is not allowed for this client');
  }
  return scopes;
}

// Scope syntax (RFC 6749 §3.3) and the rule that a client gets no scope it was not given.
import { OAuthError } from './oauth-error.js';

// scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function isValidScopeToken(token: string): boolean {
  return SCOPE_TOKEN.test(token);
}

export function parseScope(raw: string): string[] {
  const tokens = raw.split(' ');
  if (tokens.some((t) => !isValidScopeToken(t))) throw new OAuthError('invalid_scope', 'scope is malformed');
  return [...new Set(tokens)];
}

/** The granted scopes: all of the client's when none are asked for, else the requested ones if all are allowed. */
export function grantScopes(requested: string | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined) return [...allowed];
  const scopes = parseScope(requested);
  const notAllowed = scopes.filter((s) => !allowed.includes(s));
  if (notAllowed.length > 0)
    throw new OAuthError('invalid_scope', `scope not allowed for this client: ${notAllowed.join(' ')}`);
  return scopes;
}

// Parses an application/x-www-form-urlencoded body into parameters, refusing repeated ones (RFC 6749 §3.2).
import { hasControlCharacters } from './control-characters.js';
import { OAuthError } from './oauth-error.js';

export type FormParams = ReadonlyMap<string, string>;

export function parseFormParams(body: string): FormParams {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
    if (params.has(name)) throw new OAuthError('invalid_request', `parameter ${name} is repeated`);
    // No OAuth parameter has a use for control characters, and PostgreSQL rejects NUL in text outright.
    if (hasControlCharacters(value) || hasControlCharacters(name)) {
      throw new OAuthError('invalid_request', 'parameters must not contain control characters');
    }
    // An empty value counts as absent (RFC 6749 §3.1).
    if (value !== '') params.set(name, value);
  }
  return params;
}

export function requireParam(params: FormParams, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}

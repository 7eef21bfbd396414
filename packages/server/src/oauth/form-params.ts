// Parses an application/x-www-form-urlencoded body into parameters, refusing repeated ones (RFC 6749 §3.2).
import { OAuthError } from './oauth-error.js';

export type FormParams = ReadonlyMap<string, string>;

export function parseFormParams(body: string): FormParams {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
    if (params.has(name)) throw new OAuthError('invalid_request', `parameter ${name} is repeated`);
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

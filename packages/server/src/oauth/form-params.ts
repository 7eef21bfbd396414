// Parses an application/x-www-form-urlencoded body into parameters, refusing repeated ones (RFC 6749 §3.2).
import { OAuthError } from './oauth-error.js';

export type FormParams = ReadonlyMap<string, string>;

// C0 controls and DEL; tab, line feed and carriage return included (none belongs in a parameter or a password form).
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function parseFormParams(body: string): FormParams {
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
    if (params.has(name)) throw new OAuthError('invalid_request', `parameter ${name} is repeated`);
    // No OAuth parameter has a use for control characters, and PostgreSQL rejects NUL in text outright.
    if (CONTROL_CHARACTERS.test(value) || CONTROL_CHARACTERS.test(name)) {
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

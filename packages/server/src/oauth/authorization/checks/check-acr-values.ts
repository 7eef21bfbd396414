// acr_values is a space-separated list of ACR values in order of preference (OIDC Core §3.1.2.1); Tessera honours it
// as a requirement (RFC 9470 §4), and which values it can meet is decided once the sign-in is known.
import type { VerifiedRequestContext } from './authorization-check.js';

const ACR_VALUE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;

/** The ACR values asked for, in order, or undefined when the request names none. */
export function checkAcrValues({ param, fail }: VerifiedRequestContext): string[] | undefined {
  const values = (param('acr_values') ?? '').split(' ').filter(Boolean);
  if (values.length === 0) return undefined;
  if (values.length > 10 || !values.every((value) => ACR_VALUE.test(value)))
    throw fail('invalid_request', 'acr_values must be at most ten space-separated ACR values');
  return values;
}

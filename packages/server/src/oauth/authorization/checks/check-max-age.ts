// max_age is a number of seconds (OIDC Core §3.1.2.1).
import type { VerifiedRequestContext } from './authorization-check.js';

/** The largest sign-in age the client accepts, if it set one. */
export function checkMaxAge({ param, fail }: VerifiedRequestContext): number | undefined {
  const maxAgeText = param('max_age');
  if (maxAgeText !== undefined && !/^\d{1,9}$/.test(maxAgeText))
    throw fail('invalid_request', 'max_age must be a number');
  return maxAgeText === undefined ? undefined : Number(maxAgeText);
}

// Request objects (OIDC Core §6) are not supported, and say so rather than being ignored.
import type { VerifiedRequestContext } from './authorization-check.js';

export function checkRequestObject({ param, fail }: VerifiedRequestContext): void {
  if (param('request') !== undefined || param('request_uri') !== undefined) {
    throw fail('request_not_supported', 'request objects are not supported');
  }
}

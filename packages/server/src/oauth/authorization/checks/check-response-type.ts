// Only the code flow, answered in the query: implicit and hybrid are refused (RFC 9700 §2.1.2).
import type { VerifiedRequestContext } from './authorization-check.js';

export function checkResponseType({ param, fail }: VerifiedRequestContext): void {
  const responseType = param('response_type');
  if (responseType === undefined) throw fail('invalid_request', 'response_type is required');
  if (responseType !== 'code')
    throw fail('unsupported_response_type', 'only response_type=code is supported');
  const responseMode = param('response_mode');
  if (responseMode !== undefined && responseMode !== 'query')
    throw fail('invalid_request', 'only response_mode=query is supported');
}

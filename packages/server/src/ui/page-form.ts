// The form fields of a page POST (application/x-www-form-urlencoded), or a clear 400 for anything else.
import type { FastifyRequest } from 'fastify';
import type { FormParams } from '../oauth/form-params.js';
import { OAuthError } from '../oauth/oauth-error.js';

export function pageFormOf(request: FastifyRequest): FormParams {
  if (!(request.body instanceof Map)) throw new OAuthError('invalid_request', 'expected a form submission');
  return request.body as FormParams;
}

// Accepts application/x-www-form-urlencoded bodies, bounded in size, as FormParams; other routes refuse them.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FormParams, parseFormParams } from '../oauth/form-params.js';
import { OAuthError } from '../oauth/oauth-error.js';

/** Far more than any OAuth request needs; bigger bodies are refused before parsing. */
export const FORM_BODY_LIMIT_BYTES = 64 * 1024;

export function registerFormBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES },
    (_request, body, done) => {
      try {
        done(null, parseFormParams(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

/** The request's form parameters; anything but a form body is refused (RFC 6749 §3.2 requires the form encoding). */
export function formParamsOf(request: FastifyRequest): FormParams {
  if (!(request.body instanceof Map)) {
    throw new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded', {
      status: 415,
    });
  }
  return request.body as FormParams;
}

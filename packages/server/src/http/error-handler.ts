// Renders every error once: OAuth errors as RFC 6749 §5.2 JSON, framework errors mapped to invalid_request.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../oauth/oauth-error.js';
import { isDatabaseUnavailable } from '../store/database-unavailable.js';
import { renderErrorPage } from '../ui/render-page.js';
import { CsrfError } from './csrf.js';

export function renderError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  // RFC 9700 §4.4.1.6 / OWASP: a forged or stale page form gets a 403 page, not a JSON body.
  if (error instanceof CsrfError) {
    renderErrorPage(reply, { title: 'Request refused', message: error.message, code: error.code }, 403);
    return;
  }
  if (isDatabaseUnavailable(error)) {
    renderUnavailable(error, request, reply);
    return;
  }
  const oauthError = toOAuthError(error);
  if (oauthError.status >= 500) {
    // Only the error itself is logged: never the request body or headers, which may hold secrets.
    request.log.error({ err: error }, 'request failed');
  }
  reply
    .code(oauthError.status)
    .headers({ 'cache-control': 'no-store', ...oauthError.headers })
    .send(oauthError.toJSON());
}

/** Seconds after which a client may retry when the database cannot be reached. */
const RETRY_AFTER_SECONDS = '5';

/** The database is down, restarting or locked: 503 with Retry-After, as a page for browsers, else as JSON. */
function renderUnavailable(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const { code } = error as { code?: string };
  request.log.warn({ err: { code, message: error.message } }, 'database unavailable; answered 503');
  reply.header('retry-after', RETRY_AFTER_SECONDS).header('cache-control', 'no-store');
  if (request.headers.accept?.includes('text/html')) {
    renderErrorPage(
      reply,
      {
        title: 'Temporarily unavailable',
        message: 'The service cannot answer right now. Please try again in a few seconds.',
        code: 'temporarily_unavailable',
      },
      503,
    );
    return;
  }
  reply.code(503).send(
    new OAuthError('temporarily_unavailable', 'the service is temporarily unavailable; retry shortly', {
      status: 503,
    }).toJSON(),
  );
}

function toOAuthError(error: FastifyError | Error): OAuthError {
  if (error instanceof OAuthError) return error;
  const { code, statusCode } = error as FastifyError;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new OAuthError('invalid_request', 'request body is too large', { status: 413 });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new OAuthError('invalid_request', 'unsupported content type', { status: 415 });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new OAuthError('invalid_request', 'malformed request body');
  }
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return new OAuthError('invalid_request', 'malformed request', { status: statusCode });
  }
  return new OAuthError('server_error', 'unexpected server error');
}

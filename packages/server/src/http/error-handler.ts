// Renders every error once: for a browser as Tessera's error page, for API clients as RFC 6749 §5.2 JSON; framework
// errors are mapped to invalid_request, unknown paths and methods to not_found and method_not_allowed.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../oauth/oauth-error.js';
import { isDatabaseUnavailable } from '../store/database-unavailable.js';
import { type ErrorPage, renderErrorPage } from '../ui/render-page.js';
import { CsrfError } from './csrf.js';
import { prefersHtml } from './prefers-html.js';
import { RouteError } from './route-error.js';

type RenderedError = OAuthError | RouteError;

export function renderError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  // RFC 9700 §4.4.1.6 / OWASP: a forged or stale page form gets a 403 page, not a JSON body.
  if (error instanceof CsrfError) {
    renderErrorPage(reply, { title: 'Request refused', message: error.message, code: error.code }, 403);
    return;
  }
  const databaseDown = isDatabaseUnavailable(error);
  const rendered = databaseDown ? unavailable(error, request) : toRenderedError(error);
  if (rendered.status >= 500 && !databaseDown) {
    // Only the error itself is logged: never the request body or headers, which may hold secrets.
    request.log.error({ err: error }, 'request failed');
  }
  reply.headers({ 'cache-control': 'no-store', ...rendered.headers });
  if (prefersHtml(request)) {
    renderErrorPage(reply, { ...pageFor(rendered), code: rendered.code }, rendered.status);
    return;
  }
  reply.code(rendered.status).send(rendered.toJSON());
}

/** Seconds after which a client may retry when the database cannot be reached. */
const RETRY_AFTER_SECONDS = '5';

/** The database is down, restarting or locked: 503 with Retry-After. */
function unavailable(error: Error, request: FastifyRequest): OAuthError {
  const { code } = error as { code?: string };
  request.log.warn({ err: { code, message: error.message } }, 'database unavailable; answered 503');
  return new OAuthError('temporarily_unavailable', 'the service is temporarily unavailable; retry shortly', {
    status: 503,
    headers: { 'retry-after': RETRY_AFTER_SECONDS },
  });
}

function toRenderedError(error: FastifyError | Error): RenderedError {
  if (error instanceof OAuthError || error instanceof RouteError) return error;
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

/** What a person reads; the code on the page (data-error-code) is what programs and tests read. */
function pageFor(error: RenderedError): Omit<ErrorPage, 'code'> {
  switch (error.status) {
    case 404:
      return { title: 'Page not found', message: 'There is no page at this address.' };
    case 405:
      return {
        title: 'Not available this way',
        message: 'This address does not answer this kind of request.',
      };
    case 503:
      return {
        title: 'Temporarily unavailable',
        message: 'The service cannot answer right now. Please try again in a few seconds.',
      };
  }
  if (error.status >= 500) {
    return {
      title: 'Something went wrong',
      message: 'Tessera could not answer this request. Please try again.',
    };
  }
  return { title: 'Request refused', message: `Tessera could not accept this request: ${error.message}.` };
}

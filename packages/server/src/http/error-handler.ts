// Renders every error once, as the error says it may be shown (tessera-error.ts): an API's JSON, which each API
// contributes, or for a browser Tessera's error page; the error page whoever asks; or a redirect to a verified
// redirect_uri. Framework errors become invalid_request, an unreachable database temporarily_unavailable (503), and
// anything else server_error (500), logged.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../oauth/oauth-error.js';
import { isDatabaseUnavailable } from '../store/database-unavailable.js';
import { TesseraError } from '../tessera-error.js';
import { type ErrorPage, renderErrorPage } from '../ui/render-page.js';
import { prefersHtml } from './prefers-html.js';

/** One API's JSON format for errors (OAuth's RFC 6749 §5.2 today; OpenFGA's `{code, message}`, the admin API's). */
export interface ApiErrorRenderer {
  /** The response body an API client gets for `error`. */
  body(error: TesseraError): unknown;
}

export interface ErrorHandlerOptions {
  /** Sent as `iss` with every error redirected to a client (RFC 9207). */
  issuer: string;
  /** The format for API routes no other renderer claims, and for unknown paths. */
  defaultRenderer: ApiErrorRenderer;
  /** Other APIs' formats, by the path their routes start with (e.g. `/fga/`); the longest match wins. */
  renderers?: { pathPrefix: string; renderer: ApiErrorRenderer }[];
}

export type ErrorHandler = (
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) => void;

export function createErrorHandler(options: ErrorHandlerOptions): ErrorHandler {
  const renderers = [...(options.renderers ?? [])].sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
  const rendererFor = (request: FastifyRequest): ApiErrorRenderer =>
    renderers.find((r) => request.url.startsWith(r.pathPrefix))?.renderer ?? options.defaultRenderer;

  return (error, request, reply) => {
    const databaseDown = isDatabaseUnavailable(error);
    const rendered = databaseDown ? unavailable(error, request) : toExposedError(error);
    if (rendered.status >= 500 && !databaseDown) {
      // Only the error itself is logged: never the request body or headers, which may hold secrets.
      request.log.error({ err: error }, 'request failed');
    }
    const { exposure } = rendered;
    switch (exposure.kind) {
      case 'redirect':
        reply.redirect(exposure.location(options.issuer), 303);
        return;
      case 'page':
        renderErrorPage(
          reply.headers(rendered.headers),
          { title: exposure.title, message: rendered.message, code: rendered.code },
          rendered.status,
        );
        return;
      default:
        reply.headers({ 'cache-control': 'no-store', ...rendered.headers });
        if (prefersHtml(request)) {
          renderErrorPage(reply, { ...pageFor(rendered), code: rendered.code }, rendered.status);
          return;
        }
        reply.code(rendered.status).send(rendererFor(request).body(rendered));
    }
  };
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

/** The error as it may be shown: an exposed Tessera error as it is, anything else mapped to an OAuth error. */
function toExposedError(error: FastifyError | Error): TesseraError {
  if (error instanceof TesseraError && error.exposure.kind !== 'internal') return error;
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
function pageFor(error: TesseraError): Omit<ErrorPage, 'code'> {
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

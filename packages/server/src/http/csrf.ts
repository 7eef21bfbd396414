// CSRF defence for the pages' forms: a double-submit token bound to a __Host- cookie, plus Fetch Metadata and
// Origin checks. A cross-site POST carries no Lax cookie and a foreign Origin, so it fails twice over.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { generateOpaqueSecret, hasOpaqueSecretShape } from '../crypto/opaque-secret.js';
import { TesseraError } from '../tessera-error.js';
import { CSRF_COOKIE, readCookie, setCsrfCookie } from './browser-cookies.js';

export class CsrfError extends TesseraError {
  readonly code = 'csrf_failed';
  constructor() {
    // RFC 9700 §4.4.1.6 / OWASP: a forged or stale page form gets a 403 page, not a JSON body.
    super('This form has expired or did not come from this site. Go back, reload the page and try again.', {
      status: 403,
      exposure: { kind: 'page', title: 'Request refused' },
    });
    this.name = 'CsrfError';
  }
}

/** The token to put in a form; sets the cookie it must match when the browser has none yet. */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  const existing = readCookie(request, CSRF_COOKIE);
  if (existing && hasOpaqueSecretShape(existing)) return existing;
  const token = generateOpaqueSecret();
  setCsrfCookie(reply, token);
  return token;
}

export function checkCsrf(
  request: FastifyRequest,
  submitted: string | undefined,
  issuerOrigin: string,
): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new CsrfError();
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null' && origin !== issuerOrigin) throw new CsrfError();
  if (origin === 'null') throw new CsrfError();
  const cookie = readCookie(request, CSRF_COOKIE);
  if (!cookie || !submitted || cookie.length !== submitted.length) throw new CsrfError();
  if (!timingSafeEqual(Buffer.from(cookie), Buffer.from(submitted))) throw new CsrfError();
}

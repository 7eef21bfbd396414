// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the session and returns to a registered
// post_logout_redirect_uri only; without proof that the request comes from the signed-in user's app, asks first.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_MAX_SECONDS, type SessionManager } from '../../accounts/session-manager.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE } from '../../http/browser-cookies.js';
import { currentSignIn } from '../../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../../http/csrf.js';
import { formParamsOf } from '../../http/form-body.js';
import { queryParamsOf } from '../../http/query-string.js';
import type { Stores } from '../../store/stores.js';
import { TesseraError } from '../../tessera-error.js';
import {
  type IdTokenHint,
  type IdTokenHintDependencies,
  readIdTokenHint,
} from '../../tokens/read-id-token-hint.js';
import { renderPage } from '../../ui/render-page.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';

interface LogoutRequest {
  postLogoutRedirectUri: string | undefined;
  state: string | undefined;
  /** The session (`sid`) and user (`sub`) of a verified id_token_hint, and whether it has not expired yet. */
  hinted: IdTokenHint | undefined;
}

/** A sign-out request Tessera cannot act on: an error page, never a redirect to an address it could not check. */
export class LogoutRequestError extends TesseraError {
  readonly code = 'invalid_request';
  constructor(message: string) {
    super(message, { exposure: { kind: 'page', title: 'This sign-out link is not valid' } });
    this.name = 'LogoutRequestError';
  }
}

/** An expired hint is still accepted this long after its expiry: no session outlives it. */
const MAX_HINT_AGE_SECONDS = SESSION_MAX_SECONDS;

async function readLogoutRequest(
  params: URLSearchParams,
  deps: EndSessionRouteDependencies,
): Promise<LogoutRequest> {
  const hint = params.get('id_token_hint') || undefined;
  const hinted = hint ? await readIdTokenHint(hint, deps, MAX_HINT_AGE_SECONDS) : undefined;
  if (hint && !hinted)
    throw new LogoutRequestError('The sign-out link carries an ID token Tessera did not issue.');
  const clientId = params.get('client_id') || hinted?.aud;
  if (hinted && params.get('client_id') && params.get('client_id') !== hinted.aud) {
    throw new LogoutRequestError('client_id does not match the ID token.');
  }
  const postLogoutRedirectUri = params.get('post_logout_redirect_uri') || undefined;
  if (postLogoutRedirectUri !== undefined) {
    const client = clientId ? await deps.stores.clients.findById(clientId) : undefined;
    // Exact match against the client's registered URIs; anything else is an error page, never a redirect.
    if (!client?.postLogoutRedirectUris.includes(postLogoutRedirectUri)) {
      throw new LogoutRequestError('The application asked to send you to an address it has not registered.');
    }
  }
  return { postLogoutRedirectUri, state: params.get('state') || undefined, hinted };
}

export interface EndSessionRouteDependencies extends IdTokenHintDependencies {
  sessions: Pick<SessionManager, 'resume' | 'end' | 'endBySid'>;
  stores: Pick<Stores, 'users' | 'clients'>;
}

export function registerEndSessionRoutes(app: FastifyInstance, deps: EndSessionRouteDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;

  async function finish(request: FastifyRequest, reply: FastifyReply, target: LogoutRequest) {
    await deps.sessions.end(readCookie(request, SESSION_COOKIE));
    // An app's cross-site POST arrives without the (SameSite=Lax) session cookie: the hint's session ends instead,
    // when the hint is an ID token still in its lifetime (an old one that leaked ends nothing).
    const { sid, sub, current } = target.hinted ?? {};
    if (current && sid !== undefined && sub !== undefined) await deps.sessions.endBySid(sid, sub);
    clearSessionCookie(reply);
    if (target.postLogoutRedirectUri) {
      const url = new URL(target.postLogoutRedirectUri);
      if (target.state) url.searchParams.append('state', target.state);
      return reply.redirect(url.toString(), 303);
    }
    return renderPage(reply, 'message', { title: 'Signed out', message: 'You are signed out of Tessera.' });
  }

  const start = async (request: FastifyRequest, reply: FastifyReply, params: URLSearchParams) => {
    // A request Tessera cannot act on is thrown as LogoutRequestError: an error page, never a redirect.
    const target = await readLogoutRequest(params, deps);
    const signedIn = await currentSignIn(request, deps);
    // The hint proves the request comes from an app of this very session: no need to ask.
    if (!signedIn || (target.hinted?.sid !== undefined && target.hinted.sid === signedIn.session.sid)) {
      return finish(request, reply, target);
    }
    return renderPage(reply, 'logout', {
      userEmail: signedIn.user.email,
      csrfToken: csrfTokenFor(request, reply),
      postLogoutRedirectUri: target.postLogoutRedirectUri ?? '',
      state: target.state ?? '',
    });
  };

  app.get(ENDPOINT_PATHS.endSession, async (request, reply) =>
    start(request, reply, queryParamsOf(request.url)),
  );
  app.post(ENDPOINT_PATHS.endSession, async (request, reply) =>
    start(request, reply, new URLSearchParams([...formParamsOf(request).entries()])),
  );
  app.post(`${ENDPOINT_PATHS.endSession}/confirm`, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const uri = form.get('post_logout_redirect_uri');
    // The confirmation form carries the URI the start step already checked; check it again, it came back from a browser.
    let target: LogoutRequest = { postLogoutRedirectUri: undefined, state: undefined, hinted: undefined };
    if (uri) {
      const clients = await deps.stores.clients.list();
      if (!clients.some((c) => c.postLogoutRedirectUris.includes(uri))) {
        throw new LogoutRequestError('Unregistered address.');
      }
      target = { postLogoutRedirectUri: uri, state: form.get('state'), hinted: undefined };
    }
    return finish(request, reply, target);
  });
}

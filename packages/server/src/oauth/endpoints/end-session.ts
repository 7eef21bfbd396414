// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the session and returns to a registered
// post_logout_redirect_uri only; without proof that the request comes from the signed-in user's app, asks first
// (the rules are in oauth/logout/).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionManager } from '../../accounts/session-manager.js';
import { clearSessionCookie, readCookie, SESSION_COOKIE } from '../../http/browser-cookies.js';
import { currentSignIn } from '../../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../../http/csrf.js';
import { formParamsOf } from '../../http/form-body.js';
import { queryParamsOf } from '../../http/query-string.js';
import type { Stores } from '../../store/stores.js';
import type { IdTokenHintDependencies } from '../../tokens/read-id-token-hint.js';
import { renderPage } from '../../ui/render-page.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';
import { completeLogout } from '../logout/complete-logout.js';
import { type LogoutRequest, logoutNeedsConfirmation, readLogoutRequest } from '../logout/logout-request.js';
import { readLogoutConfirmation } from '../logout/read-logout-confirmation.js';

export interface EndSessionRouteDependencies extends IdTokenHintDependencies {
  sessions: Pick<SessionManager, 'resume' | 'end' | 'endBySid'>;
  stores: Pick<Stores, 'users' | 'clients'>;
}

export function registerEndSessionRoutes(app: FastifyInstance, deps: EndSessionRouteDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const logoutDeps = { ...deps, clients: deps.stores.clients };

  async function finish(request: FastifyRequest, reply: FastifyReply, logout: LogoutRequest) {
    const redirectTo = await completeLogout(deps.sessions, logout, readCookie(request, SESSION_COOKIE));
    clearSessionCookie(reply);
    if (redirectTo) return reply.redirect(redirectTo, 303);
    return renderPage(reply, 'message', { title: 'Signed out', message: 'You are signed out of Tessera.' });
  }

  const start = async (request: FastifyRequest, reply: FastifyReply, params: URLSearchParams) => {
    // A request Tessera cannot act on is thrown as LogoutRequestError: an error page, never a redirect.
    const logout = await readLogoutRequest(logoutDeps, params);
    const signedIn = await currentSignIn(request, deps);
    if (!signedIn || !logoutNeedsConfirmation(logout, signedIn.session))
      return finish(request, reply, logout);
    return renderPage(reply, 'logout', {
      userEmail: signedIn.user.email,
      csrfToken: csrfTokenFor(request, reply),
      postLogoutRedirectUri: logout.postLogoutRedirectUri ?? '',
      state: logout.state ?? '',
    });
  };

  app.get(ENDPOINT_PATHS.endSession, async (request, reply) =>
    start(request, reply, queryParamsOf(request.url)),
  );
  app.post(ENDPOINT_PATHS.endSession, async (request, reply) =>
    start(request, reply, new URLSearchParams([...formParamsOf(request).entries()])),
  );
  app.post(ENDPOINT_PATHS.endSessionConfirm, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    // The form carries back the address the first step checked; it came from a browser, so it is checked again.
    const logout = await readLogoutConfirmation(
      deps.stores.clients,
      form.get('post_logout_redirect_uri'),
      form.get('state'),
    );
    return finish(request, reply, logout);
  });
}

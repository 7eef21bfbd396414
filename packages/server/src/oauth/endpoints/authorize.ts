// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2): check the request, make sure the user is signed in
// and has consented, then send a single-use code back to the client's verified redirect_uri.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { epochSeconds } from '../../clock.js';
import { type BrowserSessionDependencies, currentSignIn, type SignedIn } from '../../http/browser-session.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { formParamsOf } from '../../http/form-body.js';
import { queryParamsOf } from '../../http/query-string.js';
import type { Stores } from '../../store/stores.js';
import { type IdTokenHintDependencies, readIdTokenHint } from '../../tokens/read-id-token-hint.js';
import { UI_PATHS } from '../../ui/paths.js';
import { renderPage } from '../../ui/render-page.js';
import { AuthorizationRedirectError } from '../authorization/authorization-errors.js';
import { readAuthorizationRequest } from '../authorization/authorization-request.js';
import { authorizationResponseUrl } from '../authorization/authorization-response-url.js';
import { issueAuthorizationCode } from '../authorization/issue-authorization-code.js';
import { isSignInTooOld } from '../authorization/sign-in-age.js';
import { needsConsent } from '../consents/needs-consent.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';
import { describeScope } from '../scope-descriptions.js';

export interface AuthorizeRouteDependencies extends BrowserSessionDependencies, IdTokenHintDependencies {
  stores: Pick<Stores, 'users' | 'clients' | 'consents' | 'grants'>;
}

/**
 * The same request again, minus what the step about to happen satisfies, so that sign-in does not loop: the prompt
 * value, and for a sign-in also max_age (the new sign-in is recent by definition; auth_time is always in ID tokens).
 * So the sign-in that prompt=login or max_age=0 forced answers that request, and a new request forces another.
 */
export function authorizeUrlWithout(params: URLSearchParams, satisfied: 'login' | 'consent'): string {
  const copy = new URLSearchParams(params);
  if (satisfied === 'login') copy.delete('max_age');
  const prompt = (copy.get('prompt') ?? '').split(' ').filter((p) => p !== '' && p !== satisfied);
  if (prompt.length > 0) copy.set('prompt', prompt.join(' '));
  else copy.delete('prompt');
  return `${ENDPOINT_PATHS.authorize}?${copy.toString()}`;
}

export function registerAuthorizeRoute(app: FastifyInstance, deps: AuthorizeRouteDependencies): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply, params: URLSearchParams) => {
    // Refusals are thrown: the error handler shows a page, or redirects once redirect_uri is verified.
    const authorization = await readAuthorizationRequest(params, deps.stores.clients);
    const { redirectUri, state, prompt, client } = authorization;
    const redirectError = (code: string, description: string): never => {
      throw new AuthorizationRedirectError(code, description, redirectUri, state);
    };

    // OIDC Core §3.1.2.1: the hint must be an ID token this issuer gave this client. One that is not is an invalid
    // parameter value, invalid_request (§3.1.2.6), whatever the prompt, as in node-oidc-provider: login_required
    // would tell the client that signing in could help, and ignoring it would answer for someone it did not name.
    const hinted =
      authorization.idTokenHint === undefined
        ? undefined
        : await readIdTokenHint(authorization.idTokenHint, deps);
    if (authorization.idTokenHint !== undefined && hinted?.aud !== client.id) {
      return redirectError(
        'invalid_request',
        'id_token_hint is not an ID token this issuer gave this client',
      );
    }

    const signedIn = await currentSignIn(request, deps);
    const now = epochSeconds(deps.clock);
    const signInNeeded = (s: SignedIn | undefined): string | undefined => {
      if (!s) return 'the user is not signed in';
      if (prompt.has('login')) return 'prompt=login asks for a new sign-in';
      if (authorization.maxAge !== undefined && isSignInTooOld(s.session.authTime, now, authorization.maxAge))
        return 'the sign-in is older than max_age';
      // §3.1.2.1: a positive answer only for the user the hint names; anyone else must sign in as them.
      if (hinted !== undefined && hinted.sub !== s.user.id)
        return 'the signed-in user is not the one id_token_hint names';
      return undefined;
    };
    const whySignIn = signInNeeded(signedIn);
    if (!signedIn || whySignIn !== undefined) {
      if (prompt.has('none'))
        return redirectError('login_required', whySignIn ?? 'the user is not signed in');
      const returnTo = authorizeUrlWithout(params, 'login');
      return reply.redirect(
        `${UI_PATHS.signIn}?${new URLSearchParams({ return_to: returnTo }).toString()}`,
        303,
      );
    }

    if (await needsConsent(deps.stores.consents, signedIn.user.id, authorization)) {
      if (prompt.has('none')) return redirectError('consent_required', 'the user has not consented');
      return renderPage(reply, 'consent', {
        clientName: client.name,
        userEmail: signedIn.user.email,
        scopes: authorization.scopes.map(describeScope),
        csrfToken: csrfTokenFor(request, reply),
        returnTo: authorizeUrlWithout(params, 'consent'),
      });
    }

    const code = await issueAuthorizationCode(
      authorization,
      signedIn.session,
      deps.stores.grants,
      deps.clock,
    );
    return reply.redirect(authorizationResponseUrl(redirectUri, deps.issuer, { code, state }), 303);
  };

  // OIDC Core §3.1.2.1: the endpoint accepts GET and form POST alike.
  app.get(ENDPOINT_PATHS.authorize, async (request, reply) =>
    handle(request, reply, queryParamsOf(request.url)),
  );
  app.post(ENDPOINT_PATHS.authorize, async (request, reply) =>
    handle(request, reply, new URLSearchParams([...formParamsOf(request).entries()])),
  );
}

// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2): check the request, make sure the user is signed in
// (strongly enough: a step-up to the second factor, or setting one up) and has consented, then send a single-use code
// back to the client's verified redirect_uri.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PENDING_SIGN_IN_SECONDS, type PendingSignIns } from '../../accounts/mfa/pending-sign-in.js';
import { beginStepUp } from '../../accounts/mfa/step-up.js';
import { setPendingSignInCookie } from '../../http/browser-cookies.js';
import { type BrowserSessionDependencies, currentSignIn } from '../../http/browser-session.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { formParamsOf } from '../../http/form-body.js';
import { queryParamsOf } from '../../http/query-string.js';
import type { Stores } from '../../store/stores.js';
import { UI_PATHS } from '../../ui/paths.js';
import { renderPage } from '../../ui/render-page.js';
import { withReturnTo } from '../../ui/return-to.js';
import { readAuthorizationRequest } from '../authorization/authorization-request.js';
import { authorizationResponseUrl } from '../authorization/authorization-response-url.js';
import { issueAuthorizationCode } from '../authorization/issue-authorization-code.js';
import {
  type AuthorizationStepDependencies,
  nextAuthorizationStep,
} from '../authorization/next-authorization-step.js';
import { authorizeUrlAgain, authorizeUrlWith, authorizeUrlWithout } from '../authorization/resume-url.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';
import { describeScope } from '../scope-descriptions.js';

export interface AuthorizeRouteDependencies
  extends BrowserSessionDependencies,
    Omit<AuthorizationStepDependencies, 'consents' | 'rbac' | 'totpFactors'> {
  stores: Pick<Stores, 'users' | 'clients' | 'consents' | 'grants' | 'rbac' | 'totpFactors'>;
  /** For a step-up: the second-factor page goes on from a pending sign-in of the session. */
  pendingSignIns: Pick<PendingSignIns, 'issue'>;
}

export function registerAuthorizeRoute(app: FastifyInstance, deps: AuthorizeRouteDependencies): void {
  const stepDeps = {
    ...deps,
    consents: deps.stores.consents,
    rbac: deps.stores.rbac,
    totpFactors: deps.stores.totpFactors,
  };
  const handle = async (request: FastifyRequest, reply: FastifyReply, params: URLSearchParams) => {
    // Refusals are thrown: the error handler shows a page, or redirects once redirect_uri is verified.
    const authorization = await readAuthorizationRequest(params, deps.stores.clients);
    const next = await nextAuthorizationStep(stepDeps, authorization, () => currentSignIn(request, deps));
    if (next.step === 'sign_in') {
      const returnTo = authorizeUrlWithout(params, 'login');
      return reply.redirect(
        `${UI_PATHS.signIn}?${new URLSearchParams({ return_to: returnTo }).toString()}`,
        303,
      );
    }
    if (next.step === 'second_factor' || next.step === 'enrol_second_factor') {
      // The same request again afterwards: the session then meets it.
      const returnTo = authorizeUrlAgain(params);
      const pending = next.step === 'second_factor' ? await beginStepUp(deps, next.signedIn) : undefined;
      if (pending !== undefined) {
        setPendingSignInCookie(reply, pending, PENDING_SIGN_IN_SECONDS);
        return reply.redirect(withReturnTo(UI_PATHS.secondFactor, returnTo), 303);
      }
      return renderPage(reply, 'second-factor-required', {
        clientName: authorization.client.name,
        userEmail: next.signedIn.user.email,
        csrfToken: csrfTokenFor(request, reply),
        returnTo,
      });
    }
    if (next.step === 'choose_organization') {
      return renderPage(reply, 'choose-organization', {
        clientName: authorization.client.name,
        userEmail: next.signedIn.user.email,
        choices: next.organizations.map((organization) => ({
          name: organization.name,
          href: authorizeUrlWith(params, 'organization', organization.id),
        })),
      });
    }
    if (next.step === 'consent') {
      const organization =
        next.organizationId === undefined
          ? undefined
          : await deps.stores.rbac.findOrganizationById(next.organizationId);
      return renderPage(reply, 'consent', {
        clientName: authorization.client.name,
        userEmail: next.signedIn.user.email,
        organizationName: organization?.name,
        scopes: authorization.scopes.map(describeScope),
        csrfToken: csrfTokenFor(request, reply),
        returnTo: authorizeUrlWithout(params, 'consent'),
      });
    }
    const code = await issueAuthorizationCode(
      authorization,
      next.signedIn.session,
      next.organizationId,
      next.acr,
      deps.stores.grants,
      deps.clock,
    );
    const { redirectUri, state } = authorization;
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

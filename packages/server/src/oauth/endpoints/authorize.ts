// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2): check the request, make sure the user is signed in
// and has consented, then send a single-use code back to the client's verified redirect_uri.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type BrowserSessionDependencies, currentSignIn } from '../../http/browser-session.js';
import { csrfTokenFor } from '../../http/csrf.js';
import { formParamsOf } from '../../http/form-body.js';
import { queryParamsOf } from '../../http/query-string.js';
import type { Stores } from '../../store/stores.js';
import { UI_PATHS } from '../../ui/paths.js';
import { renderPage } from '../../ui/render-page.js';
import { readAuthorizationRequest } from '../authorization/authorization-request.js';
import { authorizationResponseUrl } from '../authorization/authorization-response-url.js';
import { issueAuthorizationCode } from '../authorization/issue-authorization-code.js';
import {
  type AuthorizationStepDependencies,
  nextAuthorizationStep,
} from '../authorization/next-authorization-step.js';
import { authorizeUrlWith, authorizeUrlWithout } from '../authorization/resume-url.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';
import { describeScope } from '../scope-descriptions.js';

export interface AuthorizeRouteDependencies
  extends BrowserSessionDependencies,
    Omit<AuthorizationStepDependencies, 'consents' | 'rbac'> {
  stores: Pick<Stores, 'users' | 'clients' | 'consents' | 'grants' | 'rbac'>;
}

export function registerAuthorizeRoute(app: FastifyInstance, deps: AuthorizeRouteDependencies): void {
  const stepDeps = { ...deps, consents: deps.stores.consents, rbac: deps.stores.rbac };
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

// The consent form's target: remembers an "Allow" and resumes the authorization, or answers access_denied.

import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock.js';
import { type BrowserSessionDependencies, currentSignIn } from '../../http/browser-session.js';
import { checkCsrf } from '../../http/csrf.js';
import { formParamsOf } from '../../http/form-body.js';
import { queryParamsOf } from '../../http/query-string.js';
import type { Stores } from '../../store/stores.js';
import { UI_PATHS } from '../../ui/paths.js';
import { safeReturnTo } from '../../ui/return-to.js';
import { readAuthorizationRequest } from '../authorization/authorization-request.js';
import { chooseOrganization } from '../authorization/choose-organization.js';
import { recordConsent } from '../consents/record-consent.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';

export interface ConsentRouteDependencies extends BrowserSessionDependencies {
  issuer: string;
  clock: Clock;
  stores: Pick<Stores, 'users' | 'clients' | 'consents' | 'rbac'>;
}

export function registerConsentRoute(app: FastifyInstance, deps: ConsentRouteDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  app.post(ENDPOINT_PATHS.consent, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const returnTo = safeReturnTo(form.get('return_to'));
    const signedIn = await currentSignIn(request, deps);
    if (!signedIn || returnTo === '/') {
      return reply.redirect(
        returnTo === '/' ? '/' : `${UI_PATHS.signIn}?${new URLSearchParams({ return_to: returnTo })}`,
        303,
      );
    }
    const params = queryParamsOf(returnTo);
    // A refused request is thrown: the error handler shows a page, or redirects once redirect_uri is verified.
    const authorization = await readAuthorizationRequest(params, deps.stores.clients);
    // The organization the tokens will be for, chosen as /authorize chooses it (the user must be a member): the one
    // the consent page named. None yet (the user still has to pick): the next consent page will name it.
    const choice = await chooseOrganization(deps.stores.rbac, authorization, signedIn.user.id);
    await recordConsent(
      { consents: deps.stores.consents, clock: deps.clock },
      signedIn.user.id,
      authorization,
      form.get('decision') === 'allow',
      choice.kind === 'chosen' ? choice.organizationId : null,
    );
    return reply.redirect(returnTo, 303);
  });
}

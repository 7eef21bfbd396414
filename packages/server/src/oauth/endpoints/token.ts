// The token endpoint (RFC 6749 §3.2): authenticate the client, dispatch on grant_type, answer with no-store.
import type { FastifyInstance } from 'fastify';
import { formParamsOf } from '../../http/form-body.js';
import { ENDPOINT_PATHS, endpointUrl } from '../endpoint-paths.js';
import { requireParam } from '../form-params.js';
import { declaredParameters } from '../grants/grant-handler.js';
import type { GrantRegistry } from '../grants/grant-registry.js';
import { OAuthError } from '../oauth-error.js';
import {
  authenticateFormRequest,
  type ClientAuthenticationDependencies,
} from './client-authentication-route.js';

export interface TokenRouteDependencies extends ClientAuthenticationDependencies {
  grants: Pick<GrantRegistry, 'get'>;
}

export function registerTokenRoute(app: FastifyInstance, deps: TokenRouteDependencies): void {
  const url = endpointUrl(deps.issuer, ENDPOINT_PATHS.token);
  app.post(ENDPOINT_PATHS.token, async (request, reply) => {
    const grant = deps.grants.get(requireParam(formParamsOf(request), 'grant_type'));
    const { params, authenticated } = await authenticateFormRequest(request, deps, url, true);
    const { client } = authenticated;
    if (!client.grantTypes.includes(grant.grantType)) {
      throw new OAuthError('unauthorized_client', 'this client may not use this grant type');
    }
    const response = await grant.handle(client, declaredParameters(grant, params));
    // RFC 6749 §5.1: token responses must not be cached.
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
  });
}

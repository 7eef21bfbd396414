// Token revocation (RFC 7009): a client revokes one of its own access tokens; its jti is refused until it expires.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../http/dependencies.js';
import { readOwnAccessToken } from '../../tokens/read-own-access-token.js';
import { ENDPOINT_PATHS, endpointUrl } from '../endpoint-paths.js';
import { requireParam } from '../form-params.js';
import { OAuthError } from '../oauth-error.js';
import { authenticateFormRequest } from './client-authentication-route.js';

export function registerRevocationRoute(app: FastifyInstance, deps: HttpDependencies): void {
  const url = endpointUrl(deps.issuer, ENDPOINT_PATHS.revocation);
  app.post(ENDPOINT_PATHS.revocation, async (request, reply) => {
    const { params, authenticated } = await authenticateFormRequest(request, deps, url, true);
    const token = requireParam(params, 'token');
    const accessToken = await readOwnAccessToken(token, deps.keyRing, deps.issuer, deps.clock);
    // RFC 7009 §2.2: an invalid or unknown token is not an error.
    if (accessToken) {
      // RFC 7009 §2.1: only the client the token was issued to may revoke it.
      if (accessToken.claims.client_id !== authenticated.client.id) {
        throw new OAuthError('unauthorized_client', 'this token was not issued to this client');
      }
      await deps.stores.revokedTokens.revoke(accessToken.claims.jti, accessToken.claims.exp);
    }
    reply.header('cache-control', 'no-store').code(200).send();
  });
}

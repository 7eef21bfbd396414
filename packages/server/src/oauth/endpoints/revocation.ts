// The token revocation endpoint (RFC 7009): authenticates the client and revokes the token if it is the client's own
// (tokens/revoke-token.ts).
import type { FastifyInstance } from 'fastify';
import type { Stores } from '../../store/stores.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import { revokeToken } from '../../tokens/revoke-token.js';
import { ENDPOINT_PATHS, endpointUrl } from '../endpoint-paths.js';
import { requireParam } from '../form-params.js';
import { OAuthError } from '../oauth-error.js';
import {
  authenticateFormRequest,
  type ClientAuthenticationDependencies,
} from './client-authentication-route.js';

const notYours = () => new OAuthError('unauthorized_client', 'this token was not issued to this client');

export interface RevocationRouteDependencies extends ClientAuthenticationDependencies {
  keyRing: KeyRing;
  stores: Pick<Stores, 'clients' | 'assertionReplay' | 'revokedTokens' | 'grants'>;
}

export function registerRevocationRoute(app: FastifyInstance, deps: RevocationRouteDependencies): void {
  const url = endpointUrl(deps.issuer, ENDPOINT_PATHS.revocation);
  const revocationDeps = { ...deps, revokedTokens: deps.stores.revokedTokens, grants: deps.stores.grants };
  app.post(ENDPOINT_PATHS.revocation, async (request, reply) => {
    const { params, authenticated } = await authenticateFormRequest(request, deps, url, true);
    const token = requireParam(params, 'token');
    if ((await revokeToken(revocationDeps, token, authenticated.client.id)) === 'not_yours') throw notYours();
    // RFC 7009 §2.2: an invalid or unknown token is not an error.
    reply.header('cache-control', 'no-store').code(200).send();
  });
}

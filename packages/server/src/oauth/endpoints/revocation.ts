// Token revocation (RFC 7009): a client revokes one of its own tokens. A revoked access token's jti is refused until
// it expires; a revoked refresh token takes its whole grant with it (RFC 7009 §2.1).
import type { FastifyInstance } from 'fastify';
import { epochSeconds } from '../../clock.js';
import { hashOpaqueSecret } from '../../crypto/opaque-secret.js';
import type { Stores } from '../../store/stores.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import { readOwnAccessToken } from '../../tokens/read-own-access-token.js';
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
  app.post(ENDPOINT_PATHS.revocation, async (request, reply) => {
    const { params, authenticated } = await authenticateFormRequest(request, deps, url, true);
    const token = requireParam(params, 'token');
    const clientId = authenticated.client.id;
    // The hint only orders the look-ups (RFC 7009 §2.1); both kinds are tried.
    const accessToken = await readOwnAccessToken(token, deps.keyRing, deps.issuer, deps.clock);
    if (accessToken) {
      if (accessToken.claims.client_id !== clientId) throw notYours();
      await deps.stores.revokedTokens.revoke(accessToken.claims.jti, accessToken.claims.exp);
    } else {
      const refreshToken = await deps.stores.grants.findRefreshToken(hashOpaqueSecret(token));
      if (refreshToken) {
        if (refreshToken.clientId !== clientId) throw notYours();
        await deps.stores.grants.revokeGrant(refreshToken.grantId, epochSeconds(deps.clock));
      }
    }
    // RFC 7009 §2.2: an invalid or unknown token is not an error.
    reply.header('cache-control', 'no-store').code(200).send();
  });
}

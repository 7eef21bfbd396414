// Token introspection (RFC 7662), for authenticated clients only.
import type { FastifyInstance } from 'fastify';
import type { Stores } from '../../store/stores.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import { readLiveAccessToken } from '../../tokens/read-live-access-token.js';
import { ENDPOINT_PATHS, endpointUrl } from '../endpoint-paths.js';
import { requireParam } from '../form-params.js';
import {
  authenticateFormRequest,
  type ClientAuthenticationDependencies,
} from './client-authentication-route.js';

export interface IntrospectionRouteDependencies extends ClientAuthenticationDependencies {
  keyRing: KeyRing;
  stores: Pick<Stores, 'clients' | 'assertionReplay' | 'revokedTokens'>;
}

export function registerIntrospectionRoute(app: FastifyInstance, deps: IntrospectionRouteDependencies): void {
  const url = endpointUrl(deps.issuer, ENDPOINT_PATHS.introspection);
  const liveTokenDeps = { ...deps, revokedTokens: deps.stores.revokedTokens };
  app.post(ENDPOINT_PATHS.introspection, async (request, reply) => {
    const { params, authenticated } = await authenticateFormRequest(request, deps, url, false);
    const token = requireParam(params, 'token');
    reply.header('cache-control', 'no-store');
    const accessToken = await readLiveAccessToken(liveTokenDeps, token);
    // RFC 7662 §2.2: anything expired, revoked, malformed or not ours is simply inactive.
    if (!accessToken) return reply.send({ active: false });
    const { claims } = accessToken;
    // Who the person is in which organization is told only to the token's own client and to a resource server the
    // token is for (its audience), not to any client that can authenticate.
    const requester = authenticated.client;
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const concerned =
      claims.client_id === requester.id ||
      (requester.audience !== null && audiences.includes(requester.audience));
    return reply.send({
      active: true,
      token_type: 'Bearer',
      scope: claims.scope,
      client_id: claims.client_id,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      exp: claims.exp,
      iat: claims.iat,
      jti: claims.jti,
      // RFC 7662 §2.2 allows more: the organization, roles and permissions the token carries, as it carries them.
      ...(concerned && {
        org_id: claims.org_id,
        org_name: claims.org_name,
        roles: claims.roles,
        permissions: claims.permissions,
      }),
    });
  });
}

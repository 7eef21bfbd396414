// The published key set (RFC 7517 §5) that resource servers verify access tokens with.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../http/dependencies.js';
import { JWKS_MAX_AGE_SECONDS } from '../../tokens/token-lifetimes.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';

export function registerJwksRoute(app: FastifyInstance, deps: HttpDependencies): void {
  let cachedFor: object | undefined;
  let cachedBody = '';
  app.get(ENDPOINT_PATHS.jwks, async (_request, reply) => {
    const jwks = deps.keyRing.jwks();
    if (jwks !== cachedFor) {
      cachedFor = jwks;
      cachedBody = JSON.stringify(jwks);
    }
    reply
      .header('content-type', 'application/jwk-set+json; charset=utf-8')
      .header('cache-control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
      .send(cachedBody);
  });
}

// The published key set (RFC 7517 §5) that resource servers verify access tokens with.
import type { FastifyInstance } from 'fastify';
import type { KeyRing } from '../../tokens/key-ring.js';
import { JWKS_MAX_AGE_SECONDS } from '../../tokens/token-lifetimes.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';

export interface JwksRouteDependencies {
  keyRing: Pick<KeyRing, 'jwks'>;
}

export function registerJwksRoute(app: FastifyInstance, deps: JwksRouteDependencies): void {
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

// Server metadata (RFC 8414, OpenID Connect Discovery 1.0): advertises exactly what is implemented.
import type { FastifyInstance } from 'fastify';
import type { HttpDependencies } from '../../http/dependencies.js';
import { CLIENT_AUTH_METHODS } from '../clients/client.js';
import { ENDPOINT_PATHS, endpointUrl } from '../endpoint-paths.js';

const ASSERTION_SIGNING_ALGS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export function serverMetadata(deps: HttpDependencies): Record<string, unknown> {
  const { issuer } = deps;
  return {
    issuer,
    token_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.token),
    jwks_uri: endpointUrl(issuer, ENDPOINT_PATHS.jwks),
    revocation_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.revocation),
    introspection_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.introspection),
    grant_types_supported: deps.grants.grantTypes(),
    response_types_supported: [],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
  };
}

export function registerDiscoveryRoutes(app: FastifyInstance, deps: HttpDependencies): void {
  const body = JSON.stringify(serverMetadata(deps));
  for (const path of [ENDPOINT_PATHS.openidConfiguration, ENDPOINT_PATHS.authorizationServerMetadata]) {
    app.get(path, async (_request, reply) => {
      reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .send(body);
    });
  }
}

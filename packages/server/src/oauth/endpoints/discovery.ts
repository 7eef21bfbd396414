// Server metadata (RFC 8414, OpenID Connect Discovery 1.0): advertises exactly what is implemented.
import type { FastifyInstance } from 'fastify';
import { ACR_VALUES_SUPPORTED } from '../../accounts/authentication-context.js';
import { RBAC_CLAIM_NAMES } from '../../authz/rbac/token-access.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import { PROMPT_VALUES } from '../authorization/checks/check-prompt.js';
import { OIDC_SCOPES } from '../authorization/checks/check-scope.js';
import { CLIENT_AUTH_METHODS } from '../clients/client.js';
import { ENDPOINT_PATHS, endpointUrl } from '../endpoint-paths.js';
import type { GrantRegistry } from '../grants/grant-registry.js';
import { USER_CLAIM_NAMES } from '../user-claims.js';

// The ID token's own claims, every claim about the user that a scope releases (user-claims.ts), and the organization
// and role claims (org_id and roles in ID tokens with scope roles; org_id, org_name, roles, permissions in access
// tokens).
const CLAIMS_SUPPORTED = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'sid',
  'at_hash',
  ...USER_CLAIM_NAMES,
  ...RBAC_CLAIM_NAMES,
];
const ASSERTION_SIGNING_ALGS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];

export interface DiscoveryRouteDependencies {
  issuer: string;
  grants: Pick<GrantRegistry, 'grantTypes'>;
  keyRing: Pick<KeyRing, 'idTokenAlgorithms'>;
}

export function serverMetadata(deps: DiscoveryRouteDependencies): Record<string, unknown> {
  const { issuer } = deps;
  return {
    issuer,
    token_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.token),
    // RFC 8628 §4.
    device_authorization_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.deviceAuthorization),
    jwks_uri: endpointUrl(issuer, ENDPOINT_PATHS.jwks),
    revocation_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.revocation),
    introspection_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.introspection),
    authorization_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.authorize),
    userinfo_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.userinfo),
    end_session_endpoint: endpointUrl(issuer, ENDPOINT_PATHS.endSession),
    grant_types_supported: deps.grants.grantTypes(),
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [...OIDC_SCOPES],
    subject_types_supported: ['public'],
    // OIDC Discovery 1.0 §3: RS256 is always among them; the key ring keeps RS256 keys for that.
    id_token_signing_alg_values_supported: deps.keyRing.idTokenAlgorithms(),
    claims_supported: CLAIMS_SUPPORTED,
    prompt_values_supported: [...PROMPT_VALUES],
    acr_values_supported: ACR_VALUES_SUPPORTED,
    authorization_response_iss_parameter_supported: true,
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // Introspection is for confidential clients only.
    revocation_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS.filter((m) => m !== 'none'),
    introspection_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
  };
}

export function registerDiscoveryRoutes(app: FastifyInstance, deps: DiscoveryRouteDependencies): void {
  // The document follows the key ring (a switch of signing algorithm changes it), serialized once per state.
  let bodyFor = '';
  let body = '';
  for (const path of [ENDPOINT_PATHS.openidConfiguration, ENDPOINT_PATHS.authorizationServerMetadata]) {
    app.get(path, async (_request, reply) => {
      const algorithms = deps.keyRing.idTokenAlgorithms().join(' ');
      if (algorithms !== bodyFor) {
        bodyFor = algorithms;
        body = JSON.stringify(serverMetadata(deps));
      }
      reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .send(body);
    });
  }
}

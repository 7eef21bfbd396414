// The client_credentials grant (RFC 6749 §4.4): a client gets a token for itself, for service-to-service calls, with
// its global roles, or with `organization=<id or name>` its roles there; read again on every request.
import { accessTokenClaims } from '../../authz/rbac/token-access.js';
import { type Clock, epochSeconds } from '../../clock.js';
import { mintAccessToken } from '../../tokens/access-token.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import { resolveAudience } from '../resource-indicator.js';
import { grantScopes } from '../scope.js';
import { type GrantAccessReader, grantAccess } from './grant-access.js';
import type { GrantHandler } from './grant-handler.js';

export interface ClientCredentialsDependencies {
  issuer: string;
  keyRing: KeyRing;
  clock: Clock;
  rbac: GrantAccessReader;
}

export function clientCredentialsGrant(deps: ClientCredentialsDependencies): GrantHandler {
  return {
    grantType: 'client_credentials',
    parameters: new Set(['scope', 'resource', 'organization']),
    async handle(client, params) {
      const scopes = grantScopes(params.get('scope'), client.scopes);
      const audience = resolveAudience(params.get('resource'), client);
      const ttlSeconds = client.accessTokenTtlSeconds;
      const access = await grantAccess(
        deps.rbac,
        { type: 'client', id: client.id },
        params.get('organization'),
        null,
      );
      const { token } = await mintAccessToken(deps.keyRing.signingKey(), {
        issuer: deps.issuer,
        // RFC 9068 §2.2: with no resource owner, sub is the client itself.
        subject: client.id,
        clientId: client.id,
        audience,
        scopes,
        issuedAt: epochSeconds(deps.clock),
        ttlSeconds,
        extraClaims: accessTokenClaims(access),
      });
      return {
        access_token: token,
        token_type: 'Bearer',
        expires_in: ttlSeconds,
        ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
      };
    },
  };
}

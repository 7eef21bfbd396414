// The UserInfo endpoint (OIDC Core §5.3): the signed-in user's claims for a bearer access token with `openid`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isActiveAccount } from '../../accounts/live-account.js';
import type { Clock } from '../../clock.js';
import { admitCorsClient } from '../../http/cors.js';
import type { Stores } from '../../store/stores.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import { readOwnAccessToken } from '../../tokens/read-own-access-token.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';
import { claimsForScopes } from '../user-claims.js';

// RFC 6750 §3: errors carry a Bearer challenge.
function bearerError(
  reply: FastifyReply,
  status: 401 | 403,
  error: string,
  description: string,
): FastifyReply {
  return reply
    .code(status)
    .header(
      'www-authenticate',
      `Bearer realm="tessera", error="${error}", error_description="${description}"`,
    )
    .header('cache-control', 'no-store')
    .send({ error, error_description: description });
}

export interface UserinfoRouteDependencies {
  issuer: string;
  clock: Clock;
  keyRing: KeyRing;
  stores: Pick<Stores, 'revokedTokens' | 'clients' | 'users'>;
}

export function registerUserinfoRoute(app: FastifyInstance, deps: UserinfoRouteDependencies): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const authorization = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization);
    if (!match) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="tessera"')
        .header('cache-control', 'no-store')
        .send();
    }
    const token = await readOwnAccessToken(match[1] as string, deps.keyRing, deps.issuer, deps.clock);
    if (!token || (await deps.stores.revokedTokens.isRevoked(token.claims.jti))) {
      return bearerError(reply, 401, 'invalid_token', 'the access token is invalid, expired or revoked');
    }
    // CORS: the request is for the client the token was issued to (RFC 9068 §2.2: every access token names it in
    // client_id; azp is an ID token claim).
    const clientId = token.claims.client_id;
    admitCorsClient(
      request,
      clientId === undefined ? undefined : await deps.stores.clients.findById(clientId),
    );
    const scopes = (token.claims.scope ?? '').split(' ');
    if (!scopes.includes('openid'))
      return bearerError(reply, 403, 'insufficient_scope', 'the openid scope is required');
    const user = token.claims.sub ? await deps.stores.users.findById(token.claims.sub) : undefined;
    if (!isActiveAccount(user)) {
      return bearerError(reply, 401, 'invalid_token', 'the access token is not for an active user');
    }
    return reply.header('cache-control', 'no-store').send(claimsForScopes(user, scopes));
  };
  app.get(ENDPOINT_PATHS.userinfo, handle);
  app.post(ENDPOINT_PATHS.userinfo, handle);
}

// The UserInfo endpoint (OIDC Core §5.3): the signed-in user's claims for a bearer access token with `openid`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.js';
import { admitCorsClient } from '../../http/cors.js';
import type { Stores } from '../../store/stores.js';
import type { KeyRing } from '../../tokens/key-ring.js';
import { ENDPOINT_PATHS } from '../endpoint-paths.js';
import { readUserinfo } from '../read-userinfo.js';

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
  const userinfoDeps = { ...deps, ...deps.stores };
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
    const userinfo = await readUserinfo(userinfoDeps, match[1] as string);
    if (userinfo.outcome === 'invalid_token') {
      return bearerError(reply, 401, 'invalid_token', 'the access token is invalid, expired or revoked');
    }
    // CORS: the request is for the client the token was issued to, before anything else is answered.
    admitCorsClient(request, userinfo.client);
    if (userinfo.outcome === 'insufficient_scope')
      return bearerError(reply, 403, 'insufficient_scope', 'the openid scope is required');
    if (userinfo.outcome === 'inactive_user') {
      return bearerError(reply, 401, 'invalid_token', 'the access token is not for an active user');
    }
    return reply.header('cache-control', 'no-store').send(userinfo.claims);
  };
  app.get(ENDPOINT_PATHS.userinfo, handle);
  app.post(ENDPOINT_PATHS.userinfo, handle);
}

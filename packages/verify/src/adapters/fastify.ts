// Fastify 5 guards (preHandler hooks): a thin adapter over the framework-neutral guard core.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenClaims } from '../check-claims.js';
import { joinedAuthorization } from '../guards/authorization-header.js';
import { adaptGuards, type Guard, type GuardOptions, type Guards } from '../guards/create-guard-core.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified access token claims, set by the @tessera/verify guards. */
    auth?: AccessTokenClaims;
  }
}

export type FastifyGuardOptions = GuardOptions<FastifyRequest>;

/** A preHandler hook: use as `{ preHandler: [requireAuth(), requireScope('orders:read')] }`. */
export type FastifyGuard = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply | undefined>;

export type FastifyGuards = Guards<FastifyRequest, FastifyGuard>;

/** Fastify preHandler hooks for each guard; options are validated here, once. */
export function createGuards(options: FastifyGuardOptions): FastifyGuards {
  return adaptGuards(options, hook);
}

function hook(guard: Guard<FastifyRequest>): FastifyGuard {
  return async (request, reply) => {
    const result = await guard(request, joinedAuthorization(request.raw.rawHeaders));
    if (result.allowed) {
      request.auth = result.claims;
      return undefined;
    }
    const { status, headers, body } = result.denial;
    // Fastify: an async hook that answers must return the reply, so the route handler is skipped.
    return reply.code(status).headers(headers).send(body);
  };
}

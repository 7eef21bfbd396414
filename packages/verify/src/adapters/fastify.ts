// Fastify 5 guards (preHandler hooks): a thin adapter over the framework-neutral guard core.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessTokenClaims } from '../check-claims.js';
import { createGuardCore, type Guard, type GuardOptions } from '../guards/create-guard-core.js';

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

export interface FastifyGuards {
  requireAuth(options?: { readonly checkRevocation?: boolean }): FastifyGuard;
  requireScope(...scopes: string[]): FastifyGuard;
  requireRole(...roles: string[]): FastifyGuard;
  requirePermission(
    relation: string,
    objectType: string,
    objectId: (request: FastifyRequest) => string | undefined | Promise<string | undefined>,
  ): FastifyGuard;
}

/** Fastify preHandler hooks for each guard; options are validated here, once. */
export function createGuards(options: FastifyGuardOptions): FastifyGuards {
  const core = createGuardCore<FastifyRequest>(options);
  return {
    requireAuth: (authOptions) => hook(core.requireAuth(authOptions)),
    requireScope: (...scopes) => hook(core.requireScope(...scopes)),
    requireRole: (...roles) => hook(core.requireRole(...roles)),
    requirePermission: (relation, objectType, objectId) =>
      hook(core.requirePermission(relation, objectType, objectId)),
  };
}

function hook(guard: Guard<FastifyRequest>): FastifyGuard {
  return async (request, reply) => {
    const result = await guard(request, request.headers.authorization);
    if (result.allowed) {
      request.auth = result.claims;
      return undefined;
    }
    const { status, headers, body } = result.denial;
    // Fastify: an async hook that answers must return the reply, so the route handler is skipped.
    return reply.code(status).headers(headers).send(body);
  };
}

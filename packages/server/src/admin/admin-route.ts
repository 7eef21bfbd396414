// What every admin route shares: how it is declared (registerAdminRoutes authenticates, limits, validates it and
// turns the operations' refusals into admin errors) and the dependencies the routes are given.
import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import type { InvitationMail } from '../authz/rbac/invitations.js';
import type { RbacDependencies } from '../authz/rbac/rbac-dependencies.js';
import type { LiveAccessTokenDependencies } from '../tokens/read-live-access-token.js';

/** Invitations need the mail server besides the stores. */
export type AdminRouteDependencies = RbacDependencies & InvitationMail & LiveAccessTokenDependencies;

export type AdminHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** Declares one route under /admin. */
export type AdminRoute = (
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  schema: FastifySchema,
  handler: AdminHandler,
) => void;

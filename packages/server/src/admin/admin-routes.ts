// The admin API under /admin: the operations the CLI calls (organizations, members, roles, people's global roles)
// as JSON, for an administrator's tools. Each route authenticates the caller (admin-authentication.ts) before the
// body is read, is schema-checked with a size limit, calls one operation and maps its result; errors are
// `{error, error_description}` (admin-error-renderer.ts), rendered by the server's one handler.
import type { FastifyInstance } from 'fastify';
import { authenticateAdminCaller } from './admin-authentication.js';
import { AdminError, toAdminError } from './admin-error.js';
import type { AdminRoute, AdminRouteDependencies } from './admin-route.js';
import { adminValidatorCompiler } from './admin-validation.js';
import { registerOrganizationRoutes } from './organization-routes.js';
import { registerRoleRoutes } from './role-routes.js';
import { registerUserRoleRoutes } from './user-role-routes.js';

export type { AdminRouteDependencies } from './admin-route.js';

/** Where the API lives under the issuer. */
export const ADMIN_PATH_PREFIX = '/admin';
/** The largest body an admin request may have (a role with its permissions is the largest). */
const ADMIN_BODY_LIMIT_BYTES = 64 * 1024;

export function registerAdminRoutes(app: FastifyInstance, deps: AdminRouteDependencies): void {
  const route: AdminRoute = (method, path, schema, handler) => {
    app.route({
      method,
      url: `${ADMIN_PATH_PREFIX}${path}`,
      schema,
      validatorCompiler: adminValidatorCompiler,
      bodyLimit: ADMIN_BODY_LIMIT_BYTES,
      // Before the body is read or validated: a caller without a credential learns nothing about the request.
      onRequest: async (request) => {
        await authenticateAdminCaller(deps, request.headers.authorization);
      },
      attachValidation: true,
      handler: async (request, reply) => {
        if (request.validationError) {
          throw new AdminError('invalid_request', `invalid request: ${request.validationError.message}`, 400);
        }
        try {
          return await handler(request, reply);
        } catch (error) {
          throw toAdminError(error);
        }
      },
    });
  };
  registerOrganizationRoutes(route, deps);
  registerRoleRoutes(route, deps);
  registerUserRoleRoutes(route, deps);
}

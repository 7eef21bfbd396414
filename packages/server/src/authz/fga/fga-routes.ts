// The OpenFGA-compatible HTTP API under /fga (OpenFGA's paths, JSON, status codes and `{code, message}` errors), so
// `@openfga/sdk` works with `apiUrl: '<issuer>/fga'`. Each route authenticates the caller, needs one scope, is
// schema-checked with a size limit, calls one command and maps its result; errors go to the server's one handler.
import type { FastifyInstance } from 'fastify';
import { registerFgaAdminRoutes } from './fga-admin-routes.js';
import { authenticateFgaCaller, requireFgaScope } from './fga-authentication.js';
import { asFgaErrors, FgaError } from './fga-error.js';
import { registerFgaQueryRoutes } from './fga-query-routes.js';
import type { FgaRoute, FgaRouteDependencies } from './fga-route.js';
import { registerFgaTupleRoutes } from './fga-tuple-routes.js';

export type { FgaRouteDependencies } from './fga-route.js';

/** Where the API lives under the issuer. */
export const FGA_PATH_PREFIX = '/fga';
/** The largest body an FGA request may have (a model with many types, 100 tuples with conditions). */
const FGA_BODY_LIMIT_BYTES = 1024 * 1024;

export function registerFgaRoutes(app: FastifyInstance, deps: FgaRouteDependencies): void {
  const route: FgaRoute = (method, path, scope, schema, handler) => {
    app.route({
      method,
      url: `${FGA_PATH_PREFIX}${path}`,
      schema,
      bodyLimit: FGA_BODY_LIMIT_BYTES,
      // Before the body is read or validated: a caller without a credential learns nothing about the request.
      onRequest: async (request) => {
        const caller = await authenticateFgaCaller(deps, request.headers.authorization);
        requireFgaScope(caller, scope);
      },
      // A body that fails its schema is OpenFGA's validation_error, with what failed.
      attachValidation: true,
      handler: (request, reply) => {
        if (request.validationError) {
          throw new FgaError('validation_error', 2000, `invalid request: ${request.validationError.message}`);
        }
        return asFgaErrors(() => handler(request, reply));
      },
    });
  };
  registerFgaAdminRoutes(route, deps);
  registerFgaTupleRoutes(route, deps);
  registerFgaQueryRoutes(route, deps);
}

// Assembles the Fastify application: parsers, security headers, CORS, error rendering, request logging, and the
// route modules the composition root (service/) hands it, each registered with only what it uses.
import { AjvCompiler } from '@fastify/ajv-compiler';
import fastifyCookie from '@fastify/cookie';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import type { ClientStore } from '../oauth/clients/client.js';
import { ENDPOINT_PATHS } from '../oauth/endpoint-paths.js';
import { registerCors } from './cors.js';
import { type ApiErrorRenderer, createErrorHandler } from './error-handler.js';
import { FORM_BODY_LIMIT_BYTES, registerFormBodyParser } from './form-body.js';
import { pathOf } from './query-string.js';
import { RouteError } from './route-error.js';
import { trackRouteMethods } from './route-methods.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerSingleAuthorization } from './single-authorization.js';

export interface HttpAppOptions {
  issuer: string;
  logger: Logger;
  trustedProxies: string[];
  /** Whose web origins CORS admits on the back-channel endpoints. */
  clients: ClientStore;
  /** How API errors look where no other API's renderer applies (OAuth's JSON). */
  errorRenderer: ApiErrorRenderer;
  /** Other APIs' error formats, by the path their routes start with (the FGA API's under `/fga/`). */
  errorRenderers?: { pathPrefix: string; renderer: ApiErrorRenderer }[];
}

/** Registers one module's routes, with the dependencies the composition root gave it. */
export type RouteModule = (app: FastifyInstance) => void;

/**
 * The request validators of every app this process builds, compiled once per route schema. Fastify's default makes
 * a new Ajv for each app and compiles each schema again (about 80 ms of CPU per app for Tessera's routes); the
 * schemas are constants, so the compiled functions can be shared. One app per process in production, many in tests.
 */
const SHARED_VALIDATOR_COMPILER = AjvCompiler();

export function buildHttpApp(options: HttpAppOptions, modules: RouteModule[]): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    // Request lines are logged by path only (below): URLs and headers can carry codes and tokens.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: FORM_BODY_LIMIT_BYTES,
    schemaController: { compilersFactory: { buildValidator: SHARED_VALIDATOR_COMPILER } },
    return503OnClosing: true,
    // request.ip is the client's address only behind proxies named in TESSERA_TRUSTED_PROXIES.
    trustProxy: options.trustedProxies.length > 0 ? options.trustedProxies : false,
  });
  // Before any route (CORS preflights included), so that every route is counted.
  const routeMethods = trackRouteMethods(app);
  app.register(fastifyCookie);
  registerFormBodyParser(app);
  registerSecurityHeaders(app, options.issuer.startsWith('https://'));
  registerSingleAuthorization(app);
  registerCors(
    app,
    {
      // What browser apps call with a client's credentials or tokens: only that client's web origins.
      perClient: {
        [ENDPOINT_PATHS.token]: ['POST'],
        [ENDPOINT_PATHS.userinfo]: ['GET', 'POST'],
        [ENDPOINT_PATHS.revocation]: ['POST'],
        [ENDPOINT_PATHS.introspection]: ['POST'],
      },
      // Public documents: any origin.
      open: {
        [ENDPOINT_PATHS.openidConfiguration]: ['GET'],
        [ENDPOINT_PATHS.authorizationServerMetadata]: ['GET'],
        [ENDPOINT_PATHS.jwks]: ['GET'],
      },
    },
    options.clients,
  );
  app.setErrorHandler(
    createErrorHandler({
      issuer: options.issuer,
      defaultRenderer: options.errorRenderer,
      renderers: options.errorRenderers ?? [],
    }),
  );
  app.setNotFoundHandler(async (request) => {
    throw new RouteError(routeMethods.allowedFor(request.url));
  });
  if (options.logger.isLevelEnabled('info')) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        { method: request.method, path: loggedPath(request), status: reply.statusCode },
        'request',
      );
    });
  }

  for (const registerRoutes of modules) registerRoutes(app);
  return app;
}

/** Longest path a request line logs; longer ones are cut, so one request cannot write an unbounded line. */
const MAX_LOGGED_PATH = 256;

/**
 * The route's pattern, or for a request no route matched its path: never the query string, which can carry codes and
 * tokens (RFC 6749 §4.1.2).
 */
function loggedPath(request: FastifyRequest): string {
  return request.routeOptions.url ?? pathOf(request.url).slice(0, MAX_LOGGED_PATH);
}

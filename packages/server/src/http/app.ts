// Assembles the Fastify application: parsers, security headers, error rendering and every endpoint.
import fastifyCookie from '@fastify/cookie';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { ENDPOINT_PATHS } from '../oauth/endpoint-paths.js';
import { registerAuthorizeRoute } from '../oauth/endpoints/authorize.js';
import { registerConsentRoute } from '../oauth/endpoints/consent.js';
import { registerDiscoveryRoutes } from '../oauth/endpoints/discovery.js';
import { registerEndSessionRoutes } from '../oauth/endpoints/end-session.js';
import { registerIntrospectionRoute } from '../oauth/endpoints/introspection.js';
import { registerJwksRoute } from '../oauth/endpoints/jwks.js';
import { registerRevocationRoute } from '../oauth/endpoints/revocation.js';
import { registerTokenRoute } from '../oauth/endpoints/token.js';
import { registerUserinfoRoute } from '../oauth/endpoints/userinfo.js';
import { registerHomePage } from '../ui/home-page.js';
import { registerLoginPage } from '../ui/login-page.js';
import { registerPasswordResetPages } from '../ui/password-reset-pages.js';
import { registerSignUpPage } from '../ui/signup-page.js';
import { registerUiAssetRoutes } from '../ui/ui-asset-routes.js';
import { registerCors } from './cors.js';
import type { HttpDependencies } from './dependencies.js';
import { renderError } from './error-handler.js';
import { FORM_BODY_LIMIT_BYTES, registerFormBodyParser } from './form-body.js';
import { pathOf } from './query-string.js';
import { RouteError } from './route-error.js';
import { trackRouteMethods } from './route-methods.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerSingleAuthorization } from './single-authorization.js';

export function buildHttpApp(deps: HttpDependencies): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Request lines are logged by path only (below): URLs and headers can carry codes and tokens.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: FORM_BODY_LIMIT_BYTES,
    return503OnClosing: true,
    // request.ip is the client's address only behind proxies named in TESSERA_TRUSTED_PROXIES.
    trustProxy: deps.trustedProxies.length > 0 ? deps.trustedProxies : false,
  });
  // Before any route (CORS preflights included), so that every route is counted.
  const routeMethods = trackRouteMethods(app);
  app.register(fastifyCookie);
  registerFormBodyParser(app);
  registerSecurityHeaders(app, deps.issuer.startsWith('https://'));
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
    deps.stores.clients,
  );
  app.setErrorHandler(renderError);
  app.setNotFoundHandler(async (request) => {
    throw new RouteError(routeMethods.allowedFor(request.url));
  });
  if (deps.logger.isLevelEnabled('info')) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        { method: request.method, path: loggedPath(request), status: reply.statusCode },
        'request',
      );
    });
  }

  registerDiscoveryRoutes(app, deps);
  registerJwksRoute(app, deps);
  registerTokenRoute(app, deps);
  registerRevocationRoute(app, deps);
  registerIntrospectionRoute(app, deps);
  registerAuthorizeRoute(app, deps);
  registerConsentRoute(app, deps);
  registerUserinfoRoute(app, deps);
  registerEndSessionRoutes(app, deps);
  registerLoginPage(app, deps);
  registerHomePage(app, deps);
  registerSignUpPage(app, deps);
  registerPasswordResetPages(app, deps);
  registerUiAssetRoutes(app);
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

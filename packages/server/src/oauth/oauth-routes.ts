// The OAuth 2.0 / OpenID Connect endpoints, registered with only what they use (assembled in service/).
import type { FastifyInstance } from 'fastify';
import { type AuthorizeRouteDependencies, registerAuthorizeRoute } from './endpoints/authorize.js';
import { type ConsentRouteDependencies, registerConsentRoute } from './endpoints/consent.js';
import {
  type DeviceAuthorizationRouteDependencies,
  registerDeviceAuthorizationRoute,
} from './endpoints/device-authorization.js';
import { type DiscoveryRouteDependencies, registerDiscoveryRoutes } from './endpoints/discovery.js';
import { type EndSessionRouteDependencies, registerEndSessionRoutes } from './endpoints/end-session.js';
import {
  type IntrospectionRouteDependencies,
  registerIntrospectionRoute,
} from './endpoints/introspection.js';
import { type JwksRouteDependencies, registerJwksRoute } from './endpoints/jwks.js';
import { type RevocationRouteDependencies, registerRevocationRoute } from './endpoints/revocation.js';
import { registerTokenRoute, type TokenRouteDependencies } from './endpoints/token.js';
import { registerUserinfoRoute, type UserinfoRouteDependencies } from './endpoints/userinfo.js';

export type OAuthRouteDependencies = DiscoveryRouteDependencies &
  JwksRouteDependencies &
  TokenRouteDependencies &
  DeviceAuthorizationRouteDependencies &
  RevocationRouteDependencies &
  IntrospectionRouteDependencies &
  AuthorizeRouteDependencies &
  ConsentRouteDependencies &
  UserinfoRouteDependencies &
  EndSessionRouteDependencies;

export function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDependencies): void {
  registerDiscoveryRoutes(app, deps);
  registerJwksRoute(app, deps);
  registerTokenRoute(app, deps);
  registerDeviceAuthorizationRoute(app, deps);
  registerRevocationRoute(app, deps);
  registerIntrospectionRoute(app, deps);
  registerAuthorizeRoute(app, deps);
  registerConsentRoute(app, deps);
  registerUserinfoRoute(app, deps);
  registerEndSessionRoutes(app, deps);
}

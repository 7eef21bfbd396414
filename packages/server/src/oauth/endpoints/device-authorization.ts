// The device authorization endpoint (RFC 8628 §3.1-§3.2): authenticate the client as the token endpoint does (a
// public client by client_id), read the request with the authorization checks, start the flow, answer no-store.
import type { FastifyInstance } from 'fastify';
import type { Stores } from '../../store/stores.js';
import { readDeviceAuthorizationRequest } from '../device/read-device-authorization-request.js';
import { startDeviceAuthorization } from '../device/start-device-authorization.js';
import { ENDPOINT_PATHS, endpointUrl } from '../endpoint-paths.js';
import {
  authenticateFormRequest,
  type ClientAuthenticationDependencies,
} from './client-authentication-route.js';

export interface DeviceAuthorizationRouteDependencies extends ClientAuthenticationDependencies {
  stores: Pick<Stores, 'clients' | 'assertionReplay' | 'deviceAuthorizations'>;
  /** The polling interval devices are given; the RFC's 5 seconds unless set (start-server.ts options). */
  devicePollIntervalSeconds?: number | undefined;
}

export function registerDeviceAuthorizationRoute(
  app: FastifyInstance,
  deps: DeviceAuthorizationRouteDependencies,
): void {
  const url = endpointUrl(deps.issuer, ENDPOINT_PATHS.deviceAuthorization);
  const startDeps = {
    ...deps,
    deviceAuthorizations: deps.stores.deviceAuthorizations,
    pollIntervalSeconds: deps.devicePollIntervalSeconds,
  };
  app.post(ENDPOINT_PATHS.deviceAuthorization, async (request, reply) => {
    const { params, authenticated } = await authenticateFormRequest(request, deps, url, true);
    const deviceRequest = readDeviceAuthorizationRequest(authenticated.client, params);
    const response = await startDeviceAuthorization(startDeps, deviceRequest, request.ip);
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(response);
  });
}

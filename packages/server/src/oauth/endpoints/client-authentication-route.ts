// Shared step of the back-channel endpoints: read the form body, authenticate the calling client, and admit the
// request's web origin for that client (CORS, http/cors.ts) before anything is done on its behalf.
import type { FastifyRequest } from 'fastify';
import { admitCorsClient, nameCorsClient } from '../../http/cors.js';
import type { HttpDependencies } from '../../http/dependencies.js';
import { formParamsOf } from '../../http/form-body.js';
import {
  type AuthenticatedClient,
  authenticateClient,
  claimedClientId,
} from '../client-auth/authenticate-client.js';
import type { FormParams } from '../form-params.js';

export async function authenticateFormRequest(
  request: FastifyRequest,
  deps: HttpDependencies,
  endpointUrl: string,
  allowPublicClients: boolean,
): Promise<{ params: FormParams; authenticated: AuthenticatedClient }> {
  const params = formParamsOf(request);
  const credentials = { authorization: request.headers.authorization, params };
  nameCorsClient(request, claimedClientId(credentials));
  const authenticated = await authenticateClient(credentials, {
    clients: deps.stores.clients,
    assertionReplay: deps.stores.assertionReplay,
    clock: deps.clock,
    issuer: deps.issuer,
    endpointUrl,
    allowPublicClients,
  });
  admitCorsClient(request, authenticated.client);
  return { params, authenticated };
}

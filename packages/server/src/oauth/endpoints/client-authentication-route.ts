// Shared step of the back-channel endpoints: read the form body, authenticate the calling client, and admit the
// request's web origin for that client (CORS, http/cors.ts) before anything is done on its behalf.
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.js';
import { admitCorsClient, nameCorsClient } from '../../http/cors.js';
import { formParamsOf } from '../../http/form-body.js';
import type { Stores } from '../../store/stores.js';
import {
  type AuthenticatedClient,
  authenticateClient,
  claimedClientId,
} from '../client-auth/authenticate-client.js';
import type { FormParams } from '../form-params.js';

export interface ClientAuthenticationDependencies {
  issuer: string;
  clock: Clock;
  stores: Pick<Stores, 'clients' | 'assertionReplay'>;
}

export async function authenticateFormRequest(
  request: FastifyRequest,
  deps: ClientAuthenticationDependencies,
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

// Shared step of the back-channel endpoints: read the form body and authenticate the calling client.
import type { FastifyRequest } from 'fastify';
import type { HttpDependencies } from '../../http/dependencies.js';
import { formParamsOf } from '../../http/form-body.js';
import { type AuthenticatedClient, authenticateClient } from '../client-auth/authenticate-client.js';
import type { FormParams } from '../form-params.js';

export async function authenticateFormRequest(
  request: FastifyRequest,
  deps: HttpDependencies,
  endpointUrl: string,
  allowPublicClients: boolean,
): Promise<{ params: FormParams; authenticated: AuthenticatedClient }> {
  const params = formParamsOf(request);
  const authenticated = await authenticateClient(
    { authorization: request.headers.authorization, params },
    {
      clients: deps.stores.clients,
      assertionReplay: deps.stores.assertionReplay,
      clock: deps.clock,
      issuer: deps.issuer,
      endpointUrl,
      allowPublicClients,
    },
  );
  return { params, authenticated };
}

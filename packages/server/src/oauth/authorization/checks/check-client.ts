// The client_id names a registered client that may use the code flow; otherwise there is no one to send errors to.
import type { Client, ClientStore } from '../../clients/client.js';
import { AuthorizationPageError } from '../authorization-errors.js';
import type { ParamReader } from './authorization-check.js';

export async function checkClient(param: ParamReader, clients: ClientStore): Promise<Client> {
  const clientId = param('client_id');
  const client = clientId === undefined ? undefined : await clients.findById(clientId);
  if (!client?.grantTypes.includes('authorization_code')) {
    throw new AuthorizationPageError(
      'invalid_client',
      'The application that sent you here is not known to Tessera.',
    );
  }
  return client;
}

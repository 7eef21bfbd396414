// Deletes a client on an administrator's behalf: the one deletion the CLI's `clients delete` and the admin API share.
import type { ClientStore } from './client.js';

export interface DeleteClientDependencies {
  clients: ClientStore;
}

/** `unknown` when there is no client with that id, which is not an error: each adapter says so its own way. */
export type ClientDeletionOutcome = 'deleted' | 'unknown';

/**
 * Deletes the client `clientId` with its allowed web origins. Servers that cache clients (cached-client-store.ts)
 * stop issuing it tokens within their cache's window.
 */
export async function deleteClient(
  deps: DeleteClientDependencies,
  clientId: string,
): Promise<ClientDeletionOutcome> {
  return (await deps.clients.delete(clientId)) ? 'deleted' : 'unknown';
}

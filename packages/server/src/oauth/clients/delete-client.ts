// Deletes a client on an administrator's behalf: the one deletion the CLI's `clients delete` and the admin API share.
import type { RbacStore } from '../../authz/rbac/rbac-store.js';
import type { Transactional } from '../../unit-of-work.js';
import type { ClientStore } from './client.js';

export type DeleteClientDependencies = Transactional<{
  clients: ClientStore;
  rbac: Pick<RbacStore, 'forgetHolder'>;
}>;

/** `unknown` when there is no client with that id, which is not an error: each adapter says so its own way. */
export type ClientDeletionOutcome = 'deleted' | 'unknown';

/**
 * Deletes the client `clientId` with its allowed web origins, its global roles and its organization memberships, in
 * one transaction. Servers that cache clients (cached-client-store.ts) stop issuing it tokens within their cache's
 * window.
 */
export async function deleteClient(
  deps: DeleteClientDependencies,
  clientId: string,
): Promise<ClientDeletionOutcome> {
  return deps.transaction(async ({ clients, rbac }) => {
    if (!(await clients.delete(clientId))) return 'unknown';
    await rbac.forgetHolder({ type: 'client', id: clientId });
    return 'deleted';
  });
}

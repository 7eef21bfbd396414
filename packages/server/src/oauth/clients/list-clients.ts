// Lists the registered clients for an administrator: the one listing the CLI's `clients list` and the admin API share.
import type { Client, ClientStore } from './client.js';

export interface ListClientsDependencies {
  clients: ClientStore;
}

/** Every client, oldest first. A client's secret is stored only as a hash, so it is never among them. */
export function listClients(deps: ListClientsDependencies): Promise<Client[]> {
  return deps.clients.list();
}

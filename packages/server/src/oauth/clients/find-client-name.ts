// The name of the app a page is shown for (the sign-in page of a pending authorization request), or '' for none.
import type { ClientStore } from './client.js';

/** '' when no client is named or the named one does not exist: the page then names no app. */
export async function findClientName(
  clients: Pick<ClientStore, 'findById'>,
  clientId: string | undefined,
): Promise<string> {
  const client = clientId ? await clients.findById(clientId) : undefined;
  return client?.name ?? '';
}

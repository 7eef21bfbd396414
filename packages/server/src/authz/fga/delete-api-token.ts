// Deletes an FGA API token on an administrator's behalf: the one deletion the CLI's `fga tokens delete` and the admin
// API share. The API refuses the token from its next request on (tokens are looked up on every request).
import type { FgaApiTokenStore } from './api-token-store.js';

export interface DeleteApiTokenDependencies {
  fgaApiTokens: Pick<FgaApiTokenStore, 'delete'>;
}

/** `unknown` when there is no token with that id, which is not an error: each adapter says so its own way. */
export type ApiTokenDeletionOutcome = 'deleted' | 'unknown';

export async function deleteFgaApiToken(
  deps: DeleteApiTokenDependencies,
  id: string,
): Promise<ApiTokenDeletionOutcome> {
  return (await deps.fgaApiTokens.delete(id)) ? 'deleted' : 'unknown';
}

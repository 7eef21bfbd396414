// Lists the FGA API's pre-shared tokens for an administrator: the one listing the CLI's `fga tokens list` and the
// admin API share.
import type { FgaApiToken, FgaApiTokenStore } from './api-token-store.js';

export interface ListApiTokensDependencies {
  fgaApiTokens: Pick<FgaApiTokenStore, 'list'>;
}

/** Every API token's record; a token is stored only as its hash, so the tokens themselves are never among them. */
export function listFgaApiTokens(deps: ListApiTokensDependencies): Promise<readonly FgaApiToken[]> {
  return deps.fgaApiTokens.list();
}

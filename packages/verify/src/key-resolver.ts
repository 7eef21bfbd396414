// The contract between the verifier and a key set, local or remote.

import type { ImportedKey } from './import-jwk.js';

/**
 * Finds the key for a token's `kid`. Returns the key itself whenever it is at hand, so the hot path stays
 * synchronous, and a promise only when a fetch is needed. Fails with ERR_JWKS_NO_MATCHING_KEY when no key
 * has that `kid`, ERR_JWKS_FETCH_FAILED / ERR_DISCOVERY_FAILED / ERR_JWKS_INVALID when no key set could be
 * obtained at all.
 */
export interface KeyResolver {
  resolve(kid: string | undefined, nowMs: number): ImportedKey | Promise<ImportedKey>;
  /**
   * Until when (ms) the keys at hand are known to be current. A verification result is not reused past
   * it, so a key withdrawn from the JWKS stops verifying cached tokens as soon as the next fetch shows it.
   */
  freshUntilMs(): number;
}

// A key set given in memory (`jwks` option): for offline use and tests; never fetches anything.

import type { Algorithm } from './algorithms.js';
import { VerifyError } from './errors.js';
import { findKey, indexJwkSet, noUsableKey } from './index-jwk-set.js';
import type { KeyResolver } from './key-resolver.js';

/** A resolver over the usable keys of `jwkSet`, imported now; throws ERR_JWKS_INVALID if there are none. */
export function createLocalKeySet(jwkSet: unknown, allowed: ReadonlySet<Algorithm>): KeyResolver {
  const index = indexJwkSet(jwkSet, allowed);
  if (index.usable.length === 0) throw noUsableKey();
  return {
    resolve(kid) {
      const key = findKey(index, kid);
      if (key === undefined)
        throw new VerifyError('ERR_JWKS_NO_MATCHING_KEY', 'No key matches the token kid');
      return key;
    },
    freshUntilMs: () => Number.POSITIVE_INFINITY,
  };
}

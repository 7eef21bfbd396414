// The one way Tessera picks the key to verify a token it signed itself (access tokens, ID-token hints): by kid among
// the keys it still publishes, with the algorithm taken from the key, never from the token (RFC 8725 §3.1).
import type { KeyObject } from 'node:crypto';
import type { JWSHeaderParameters } from 'jose';
import type { KeyRing } from './key-ring.js';

/** A jose key resolver over the key ring: throws for an unknown kid or an alg that is not the key's. */
export function ownKeyResolver(keyRing: KeyRing): (header: JWSHeaderParameters) => KeyObject {
  return (header: JWSHeaderParameters) => {
    const key = header.kid === undefined ? undefined : keyRing.verificationKey(header.kid);
    if (!key || header.alg !== key.alg) throw new Error('unknown key');
    return key.publicKey;
  };
}

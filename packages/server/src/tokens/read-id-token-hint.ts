// Reads an id_token_hint (OIDC Core §3.1.2.1, RP-Initiated Logout 1.0 §2): one of this issuer's own ID tokens,
// verified by signature, issuer and type, whether or not it has expired (hints are usually old ID tokens).
import { decodeJwt, jwtVerify } from 'jose';
import { type Clock, epochSeconds } from '../clock.js';
import type { KeyRing } from './key-ring.js';
import { ownKeyResolver } from './own-key-resolver.js';

export interface IdTokenHint {
  /** The client the ID token was issued to. */
  aud: string;
  sub: string;
  sid: string | undefined;
  /** Whether the token is still in its lifetime. */
  current: boolean;
}

export interface IdTokenHintDependencies {
  issuer: string;
  keyRing: KeyRing;
  clock: Clock;
}

/** Longer than any ID token Tessera mints: refused before any parsing. */
const MAX_HINT_LENGTH = 8192;

/**
 * The hint's claims, or undefined when it is not an ID token this issuer signed with a key it still publishes (an
 * access token, typ at+jwt, is not one: RFC 8725 §3.11). `maxExpiredSeconds` bounds how long ago it may have expired.
 */
export async function readIdTokenHint(
  hint: string,
  deps: IdTokenHintDependencies,
  maxExpiredSeconds = Number.POSITIVE_INFINITY,
): Promise<IdTokenHint | undefined> {
  try {
    if (hint.length > MAX_HINT_LENGTH) return undefined;
    const { exp } = decodeJwt(hint);
    const now = epochSeconds(deps.clock);
    if (typeof exp !== 'number' || exp < now - maxExpiredSeconds) return undefined;
    const { payload } = await jwtVerify(
      hint,
      ownKeyResolver(deps.keyRing),
      // An expired hint still names its user: verify it as of just before its expiry.
      { issuer: deps.issuer, typ: 'JWT', currentDate: new Date(Math.min(now, exp - 1) * 1000) },
    );
    if (typeof payload.aud !== 'string' || typeof payload.sub !== 'string') return undefined;
    return {
      aud: payload.aud,
      sub: payload.sub,
      sid: typeof payload.sid === 'string' ? payload.sid : undefined,
      current: exp > now,
    };
  } catch {
    return undefined;
  }
}

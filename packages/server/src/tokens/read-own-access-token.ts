// Verifies that a token is an unexpired access token Tessera signed, for introspection and revocation.
import { type JWTPayload, jwtVerify } from 'jose';
import { type Clock, epochSeconds } from '../clock.js';
import { ACCESS_TOKEN_TYP } from './access-token.js';
import type { KeyRing } from './key-ring.js';
import { ownKeyResolver } from './own-key-resolver.js';

const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Tokens never carry an iat this far ahead of our clock. */
const MAX_FUTURE_IAT_SECONDS = 60;

export interface OwnAccessToken {
  claims: JWTPayload & { jti: string; exp: number; client_id?: string; scope?: string };
}

/** Returns undefined for anything that is not a valid, unexpired Tessera access token; never throws for bad input. */
export async function readOwnAccessToken(
  token: string,
  keyRing: KeyRing,
  issuer: string,
  clock: Clock,
): Promise<OwnAccessToken | undefined> {
  // RFC 8725 / SECURITY.md §1: bounded size and canonical base64url segments, checked before any parsing.
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) return undefined;
  try {
    const { payload } = await jwtVerify(token, ownKeyResolver(keyRing), {
      issuer,
      typ: ACCESS_TOKEN_TYP,
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(epochSeconds(clock) * 1000),
      algorithms: ['RS256', 'ES256', 'EdDSA'],
    });
    if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return undefined;
    if (typeof payload.iat === 'number' && payload.iat > epochSeconds(clock) + MAX_FUTURE_IAT_SECONDS)
      return undefined;
    return { claims: payload as OwnAccessToken['claims'] };
  } catch {
    return undefined;
  }
}

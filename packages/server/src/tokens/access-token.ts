// Mints RFC 9068 JWT access tokens.
import { randomUUID } from 'node:crypto';
import { signCompactJwt } from './compact-jwt-signer.js';
import type { SigningKey } from './signing-key.js';

/** RFC 9068 §2.1: the media type of JWT access tokens, in its short form. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export interface AccessTokenRequest {
  issuer: string;
  subject: string;
  clientId: string;
  audience: string | string[];
  scopes: string[];
  issuedAt: number;
  ttlSeconds: number;
  /** Claims besides RFC 9068's (the organization, roles and permissions); they never replace a registered one. */
  extraClaims?: Record<string, unknown>;
}

export interface MintedAccessToken {
  token: string;
  jti: string;
  expiresAt: number;
}

export async function mintAccessToken(
  key: SigningKey,
  request: AccessTokenRequest,
): Promise<MintedAccessToken> {
  // randomUUID draws from a buffered entropy pool: 122 random bits without a call into OpenSSL per token.
  const jti = randomUUID();
  const expiresAt = request.issuedAt + request.ttlSeconds;
  // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat and jti are required; scope when scopes were granted.
  const claims: Record<string, unknown> = {
    ...request.extraClaims,
    iss: request.issuer,
    sub: request.subject,
    aud: request.audience,
    client_id: request.clientId,
    iat: request.issuedAt,
    exp: expiresAt,
    jti,
  };
  if (request.scopes.length > 0) claims.scope = request.scopes.join(' ');
  return { token: await signCompactJwt(key, ACCESS_TOKEN_TYP, claims), jti, expiresAt };
}

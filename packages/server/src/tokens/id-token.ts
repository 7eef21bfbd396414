// Mints OpenID Connect ID tokens (OIDC Core §2) with nonce, at_hash, auth_time, amr, acr and sid.
import { createHash } from 'node:crypto';
import { signCompactJwt } from './compact-jwt-signer.js';
import type { SigningKey } from './signing-key.js';

export const ID_TOKEN_TTL_SECONDS = 3600;

export interface IdTokenRequest {
  issuer: string;
  clientId: string;
  subject: string;
  issuedAt: number;
  authTime: number;
  amr: string[];
  /** The authentication level the sign-in met (accounts/authentication-context.ts). */
  acr: string;
  sid: string;
  nonce: string | null;
  accessToken: string;
  extraClaims: Record<string, unknown>;
}

/** OIDC Core §3.1.3.6: the left half of the hash of the access token, with the hash of the signing algorithm. */
export function accessTokenHash(accessToken: string, alg: string): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(accessToken, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export function mintIdToken(key: SigningKey, request: IdTokenRequest): Promise<string> {
  const claims: Record<string, unknown> = {
    ...request.extraClaims,
    iss: request.issuer,
    sub: request.subject,
    aud: request.clientId,
    azp: request.clientId,
    iat: request.issuedAt,
    exp: request.issuedAt + ID_TOKEN_TTL_SECONDS,
    auth_time: request.authTime,
    amr: request.amr,
    acr: request.acr,
    sid: request.sid,
    at_hash: accessTokenHash(request.accessToken, key.alg),
  };
  if (request.nonce !== null) claims.nonce = request.nonce;
  return signCompactJwt(key, 'JWT', claims);
}

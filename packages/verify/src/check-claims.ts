// Checks the claims of a signature-verified access token (RFC 9068 §4, RFC 7519 §4.1, RFC 8725 §3.9).

import { VerifyError } from './errors.js';

/** The claims of a verified Tessera access token (RFC 9068 §2.2), plus whatever else the issuer added. */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly aud: string | readonly string[];
  readonly exp: number;
  readonly sub?: string;
  readonly client_id?: string;
  readonly iat?: number;
  readonly nbf?: number;
  readonly jti?: string;
  /** Space-separated scopes (RFC 9068 §2.2.3). */
  readonly scope?: string;
  readonly [claim: string]: unknown;
}

export interface ClaimPolicy {
  readonly issuer: string;
  /** This resource server's identifiers; the token's `aud` must contain one of them. */
  readonly audiences: readonly string[];
  readonly toleranceSeconds: number;
}

/** Claims that must be strings when present, because guards and applications read them as such. */
const STRING_CLAIMS = ['sub', 'client_id', 'jti', 'scope'] as const;

/** Throws the VerifyError describing the first claim of `claims` that fails `policy` at `nowSeconds`. */
export function checkClaims(
  claims: Record<string, unknown>,
  policy: ClaimPolicy,
  nowSeconds: number,
): asserts claims is AccessTokenClaims {
  // RFC 9068 §4: `iss` must exactly match the issuer we trust.
  if (claims.iss !== policy.issuer) throw invalid('iss', 'The token issuer is not trusted');
  // RFC 9068 §4 / RFC 8725 §3.9: `aud` must name this resource server, or a token minted for service A
  // could be replayed at service B.
  if (!hasAudience(claims.aud, policy.audiences))
    throw invalid('aud', 'The token is not meant for this audience');
  const { exp, nbf, iat } = claims;
  // RFC 9068 §2.2: `exp` is required; RFC 7519 §4.1.4: reject on or after it (with tolerance).
  if (!isNumericDate(exp)) throw invalid('exp', 'The token exp is missing or not a number');
  if (exp <= nowSeconds - policy.toleranceSeconds) {
    throw new VerifyError('ERR_JWT_EXPIRED', 'The token has expired', { claim: 'exp' });
  }
  if (nbf !== undefined) {
    if (!isNumericDate(nbf)) throw invalid('nbf', 'The token nbf is not a number');
    if (nbf > nowSeconds + policy.toleranceSeconds) {
      throw new VerifyError('ERR_JWT_NOT_YET_VALID', 'The token is not valid yet', { claim: 'nbf' });
    }
  }
  if (iat !== undefined) {
    if (!isNumericDate(iat)) throw invalid('iat', 'The token iat is not a number');
    // A token "issued" in the future comes from a broken or hostile clock; refuse it.
    if (iat > nowSeconds + policy.toleranceSeconds) throw invalid('iat', 'The token iat is in the future');
  }
  for (const name of STRING_CLAIMS) {
    const value = claims[name];
    if (value !== undefined && typeof value !== 'string')
      throw invalid(name, `The token ${name} is not a string`);
  }
}

function hasAudience(aud: unknown, audiences: readonly string[]): boolean {
  if (typeof aud === 'string') return audiences.includes(aud);
  if (!Array.isArray(aud)) return false;
  for (const value of aud) if (typeof value === 'string' && audiences.includes(value)) return true;
  return false;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function invalid(claim: string, message: string): VerifyError {
  return new VerifyError('ERR_JWT_CLAIM_INVALID', message, { claim });
}

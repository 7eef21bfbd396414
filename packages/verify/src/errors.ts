// Errors of @tessera/verify: one class, with a stable `code` that callers and tests branch on.

/** Every code a `VerifyError` can carry. Codes are part of the public API; messages are not. */
export type VerifyErrorCode =
  /** Options given to a factory are invalid; thrown at creation, never per request. */
  | 'ERR_INVALID_OPTIONS'
  /** Not a JWS Compact Serialization of a JSON object, or not canonical base64url/JSON. */
  | 'ERR_JWT_MALFORMED'
  /** Longer than `maxTokenBytes`; rejected before any decoding. */
  | 'ERR_JWT_TOO_LARGE'
  /** `alg` is not one this verifier accepts, or differs from the algorithm of the key. */
  | 'ERR_JOSE_ALG_NOT_ALLOWED'
  /** A header parameter we refuse to process (`crit`, `b64`, `jwk`, `jku`, `x5u`, `x5c`). */
  | 'ERR_JOSE_HEADER_UNSUPPORTED'
  | 'ERR_JWS_SIGNATURE_INVALID'
  /** No key in the key set has the token's `kid` (after at most one rate-limited refetch). */
  | 'ERR_JWKS_NO_MATCHING_KEY'
  /** The key set document is not a JWK Set with at least one usable key. */
  | 'ERR_JWKS_INVALID'
  /** The key set could not be fetched and no earlier copy exists. */
  | 'ERR_JWKS_FETCH_FAILED'
  /** The issuer's discovery document could not be fetched or does not describe this issuer. */
  | 'ERR_DISCOVERY_FAILED'
  | 'ERR_JWT_EXPIRED'
  /** `nbf` is in the future. */
  | 'ERR_JWT_NOT_YET_VALID'
  /** A claim (or `typ`) is missing, of the wrong type, or has a value we must refuse; see `claim`. */
  | 'ERR_JWT_CLAIM_INVALID'
  /** Introspection says the token is no longer active (RFC 7662 §2.2). */
  | 'ERR_JWT_REVOKED'
  /** The introspection endpoint could not answer. */
  | 'ERR_INTROSPECTION_FAILED'
  /** createTesseraCheck: the service's own access token could not be obtained (client credentials grant). */
  | 'ERR_TOKEN_REQUEST_FAILED'
  /** createTesseraCheck: Tessera's check API did not answer, in time, with `allowed` true or false. */
  | 'ERR_PERMISSION_CHECK_FAILED';

/** The failure of a verification or of a factory's options, identified by `code`. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  readonly code: VerifyErrorCode;
  /** For `ERR_JWT_CLAIM_INVALID`: the claim (or header parameter) at fault. */
  readonly claim: string | undefined;

  constructor(code: VerifyErrorCode, message: string, options?: { claim?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.claim = options?.claim;
  }
}

/** Whether `error` is a `VerifyError`, optionally with the given code. */
export function isVerifyError(error: unknown, code?: VerifyErrorCode): error is VerifyError {
  return error instanceof VerifyError && (code === undefined || error.code === code);
}

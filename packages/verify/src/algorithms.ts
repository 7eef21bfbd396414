// The JWS algorithms @tessera/verify accepts; asymmetric only, so no shared secret can ever verify a token.

/** RFC 7518 §3 / RFC 8037 §3.1 names of the algorithms this package verifies. */
export type Algorithm = 'RS256' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA';

export const SUPPORTED_ALGORITHMS: readonly Algorithm[] = Object.freeze([
  'RS256',
  'PS256',
  'ES256',
  'ES384',
  'EdDSA',
]);

export function isSupportedAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && (SUPPORTED_ALGORITHMS as readonly string[]).includes(value);
}

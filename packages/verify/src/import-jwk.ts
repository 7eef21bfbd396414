// Turns one public JWK into a node:crypto KeyObject bound to the single algorithm that key may verify.

import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { Algorithm } from './algorithms.js';

/** A usable verification key: its algorithm is fixed by the key, never by a token (RFC 8725 §3.1). */
export interface ImportedKey {
  readonly kid: string | undefined;
  readonly alg: Algorithm;
  readonly keyObject: KeyObject;
  /** The public members that define the key; equal fingerprints let a refetch reuse the import. */
  readonly fingerprint: string;
  /** Whether `signature` is this key's valid signature of `data`. Throws only on OpenSSL errors. */
  readonly verify: (data: Buffer, signature: Buffer) => boolean;
}

/** Why a JWK was not imported; such keys are skipped, so no token can ever select them. */
export type SkippedKey = { readonly skipped: string };

const MIN_RSA_BITS = 2048;

/**
 * Imports `jwk` for the algorithms in `allowed`. Symmetric (`oct`) keys are always skipped: with a public
 * key set, an HMAC key would let anyone who reads the JWKS forge tokens (CVE-2015-9235).
 */
export function importJwk(jwk: unknown, allowed: ReadonlySet<Algorithm>): ImportedKey | SkippedKey {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return { skipped: 'not an object' };
  const k = jwk as Record<string, unknown>;
  if (k.kid !== undefined && typeof k.kid !== 'string') return { skipped: 'kid is not a string' };
  // RFC 7517 §4.2/§4.3: a key marked for another use must not verify signatures.
  if (k.use !== undefined && k.use !== 'sig') return { skipped: 'use is not sig' };
  if (k.key_ops !== undefined && !(Array.isArray(k.key_ops) && k.key_ops.includes('verify'))) {
    return { skipped: 'key_ops excludes verify' };
  }
  const alg = algorithmOf(k);
  if (alg === undefined) return { skipped: 'no supported algorithm for this key type' };
  if (!allowed.has(alg)) return { skipped: `algorithm ${alg} is not allowed` };
  // Only the public members reach OpenSSL, so a JWK that (wrongly) publishes `d` cannot matter.
  const members =
    k.kty === 'RSA' ? { kty: k.kty, n: k.n, e: k.e } : { kty: k.kty, crv: k.crv, x: k.x, y: k.y };
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({ key: members as never, format: 'jwk' });
  } catch {
    return { skipped: 'invalid key parameters' };
  }
  const rsaBits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
  if (k.kty === 'RSA' && rsaBits < MIN_RSA_BITS) return { skipped: 'RSA modulus shorter than 2048 bits' };
  return {
    kid: k.kid as string | undefined,
    alg,
    keyObject,
    fingerprint: JSON.stringify([alg, members]),
    verify: verifierFor(alg, keyObject, Math.ceil(rsaBits / 8)),
  };
}

/** RFC 7518 §3.1 / §6, RFC 8037 §3.1: the one algorithm this key verifies, from its `kty`, `crv` and `alg`. */
function algorithmOf(k: Record<string, unknown>): Algorithm | undefined {
  const declared = k.alg;
  switch (k.kty) {
    case 'RSA':
      // Without `alg` an RSA key is taken as RS256; PS256 keys must say so.
      if (declared === undefined) return 'RS256';
      return declared === 'RS256' || declared === 'PS256' ? declared : undefined;
    case 'EC': {
      const byCurve = k.crv === 'P-256' ? 'ES256' : k.crv === 'P-384' ? 'ES384' : undefined;
      return declared === undefined || declared === byCurve ? byCurve : undefined;
    }
    case 'OKP':
      return k.crv === 'Ed25519' && (declared === undefined || declared === 'EdDSA') ? 'EdDSA' : undefined;
    default:
      return undefined; // `oct` and anything unknown
  }
}

function verifierFor(alg: Algorithm, key: KeyObject, rsaBytes: number): ImportedKey['verify'] {
  switch (alg) {
    case 'RS256':
      // RFC 8017 §8.2.2: a signature has exactly the modulus length.
      return (data, signature) => signature.length === rsaBytes && verify('sha256', data, key, signature);
    case 'PS256': {
      // RFC 7518 §3.5: the salt is as long as the hash; OpenSSL would otherwise accept any salt length.
      const pss = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      return (data, signature) => signature.length === rsaBytes && verify('sha256', data, pss, signature);
    }
    case 'ES256':
    case 'ES384': {
      // RFC 7518 §3.4: the signature is r‖s, each exactly the curve's size; DER is not JWS. OpenSSL then
      // rejects r or s outside [1, n-1], which is what CVE-2022-21449 (r = s = 0) got wrong in Java.
      const [hash, size] = alg === 'ES256' ? ['sha256', 64] : ['sha384', 96];
      const ecdsa = { key, dsaEncoding: 'ieee-p1363' as const };
      return (data, signature) => signature.length === size && verify(hash, data, ecdsa, signature);
    }
    case 'EdDSA':
      // RFC 8032 §5.1.7: Ed25519 signatures are 64 bytes; the algorithm has no separate hash.
      return (data, signature) => signature.length === 64 && verify(null, data, key, signature);
  }
}

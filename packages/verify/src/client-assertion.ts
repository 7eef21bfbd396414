// The client's proof of its key for private_key_jwt (RFC 7523 §2.2, OIDC Core §9): a short-lived JWT signed with the
// client's private key, with node:crypto (the algorithm follows from the key, as the verifier side insists).

import { createPrivateKey, type JsonWebKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import { VerifyError } from './errors.js';

/** A private key as PEM (PKCS #8 or traditional), a JWK with its private part, or a KeyObject. */
export type ClientPrivateKey = KeyObject | string | JsonWebKey;

/** The assertion lives this long: enough for one request, too short to be worth stealing (RFC 7523 §3). */
const ASSERTION_LIFETIME_SECONDS = 60;

/** A fresh assertion for `audience` at `nowMs`, with a new `jti` each time (the server refuses replays). */
export type AssertionSigner = (audience: string, nowMs: number) => string;

/** Reads the key once, at creation: ERR_INVALID_OPTIONS for anything that is not an RSA, P-256 or Ed25519 private key. */
export function createAssertionSigner(
  clientId: string,
  privateKey: ClientPrivateKey,
  kid?: string,
): AssertionSigner {
  const key = toPrivateKey(privateKey);
  const { alg, hash, dsaEncoding } = algorithmOf(key);
  return (audience, nowMs) => {
    const iat = Math.floor(nowMs / 1000);
    const header = { alg, typ: 'JWT', ...(kid !== undefined && { kid }) };
    const claims = {
      iss: clientId,
      sub: clientId,
      aud: audience,
      jti: randomUUID(),
      iat,
      exp: iat + ASSERTION_LIFETIME_SECONDS,
    };
    const input = `${base64url(header)}.${base64url(claims)}`;
    const signature = sign(hash, Buffer.from(input), dsaEncoding ? { key, dsaEncoding } : key);
    return `${input}.${signature.toString('base64url')}`;
  };
}

function toPrivateKey(privateKey: ClientPrivateKey): KeyObject {
  try {
    if (typeof privateKey === 'string') return createPrivateKey(privateKey);
    if (isKeyObject(privateKey)) {
      if (privateKey.type !== 'private') throw new Error('not a private key');
      return privateKey;
    }
    return createPrivateKey({ key: privateKey, format: 'jwk' });
  } catch {
    throw new VerifyError('ERR_INVALID_OPTIONS', 'privateKey must be a private key (PEM, JWK or KeyObject)');
  }
}

function isKeyObject(value: unknown): value is KeyObject {
  return typeof value === 'object' && value !== null && typeof (value as KeyObject).export === 'function';
}

/** RFC 7518 §3.1 / RFC 8037 §3.1: the JWS algorithm of the key. */
function algorithmOf(key: KeyObject): { alg: string; hash: string | null; dsaEncoding?: 'ieee-p1363' } {
  if (key.asymmetricKeyType === 'rsa') return { alg: 'RS256', hash: 'sha256' };
  // RFC 7518 §3.4: ECDSA signatures are R || S, not DER.
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return { alg: 'ES256', hash: 'sha256', dsaEncoding: 'ieee-p1363' };
  if (key.asymmetricKeyType === 'ed25519') return { alg: 'EdDSA', hash: null };
  throw new VerifyError('ERR_INVALID_OPTIONS', 'privateKey must be an RSA, P-256 or Ed25519 key');
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

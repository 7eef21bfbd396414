// Generates signing key pairs (RS256, ES256, EdDSA), names them by RFC 7638 thumbprint and seals the private half.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { SigningAlgorithm } from '../config/config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { SigningKeyStatus, StoredSigningKey } from './signing-key-store.js';

const SEALED_KEY_PURPOSE = 'tessera-signing-key';

/** A key ready to sign and verify, decrypted in memory only. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** As published in the JWKS. */
  publicJwk: JWK;
}

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Makes a new key pair for `alg`. Injectable (KeyRingOptions) because RSA generation is slow: tests hand out pre-made keys. */
export type GenerateKeyPair = (alg: SigningAlgorithm) => KeyPair;

export function generateKeyPair(alg: SigningAlgorithm): KeyPair {
  switch (alg) {
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
  }
}

export async function publicJwkFor(publicKey: KeyObject, alg: SigningAlgorithm): Promise<JWK> {
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  // RFC 7638: the kid is the SHA-256 thumbprint of the key's required members.
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return { ...jwk, kid, alg, use: 'sig' };
}

export async function generateSigningKey(
  alg: SigningAlgorithm,
  status: SigningKeyStatus,
  box: SecretBox,
  now: number,
  generate: GenerateKeyPair = generateKeyPair,
): Promise<{ stored: StoredSigningKey; key: SigningKey }> {
  const { privateKey, publicKey } = generate(alg);
  const publicJwk = await publicJwkFor(publicKey, alg);
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const kid = publicJwk.kid as string;
  const stored: StoredSigningKey = {
    kid,
    alg,
    status,
    publicJwk: publicJwk as Record<string, unknown>,
    sealedPrivateKey: await box.seal(pem, SEALED_KEY_PURPOSE),
    createdAt: now,
    activatedAt: status === 'current' ? now : null,
    retiredAt: null,
  };
  return { stored, key: { kid, alg, privateKey, publicKey, publicJwk } };
}

export async function unsealSigningKey(stored: StoredSigningKey, box: SecretBox): Promise<SigningKey> {
  const privateKey = createPrivateKey(await box.openStored(stored.sealedPrivateKey, SEALED_KEY_PURPOSE));
  return {
    kid: stored.kid,
    alg: stored.alg as SigningAlgorithm,
    privateKey,
    publicKey: createPublicKey(privateKey),
    publicJwk: stored.publicJwk as JWK,
  };
}

// Signing keys and token minting for tests: the issuer side, done with node:crypto alone.

import { constants, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { Algorithm } from '../../src/algorithms.js';

export const ISSUER = 'https://issuer.example';
export const AUDIENCE = 'https://api.example';
/** The frozen clock of most tests, in milliseconds. */
export const NOW_MS = Date.UTC(2030, 0, 1);
export const NOW = NOW_MS / 1000;

export interface TestKey {
  readonly alg: Algorithm;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public JWK as an issuer would publish it. */
  readonly jwk: Record<string, unknown>;
}

const generated = new Map<string, TestKey>();

/** A key for `alg`, generated once per test file and kid. */
export function testKey(alg: Algorithm, kid = `${alg.toLowerCase()}-1`): TestKey {
  const id = `${alg}/${kid}`;
  let key = generated.get(id);
  if (key === undefined) {
    const { privateKey, publicKey } = generatePair(alg);
    const jwk: Record<string, unknown> = { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig' };
    if (alg === 'PS256') jwk.alg = 'PS256';
    key = { alg, kid, privateKey, publicKey, jwk };
    generated.set(id, key);
  }
  return key;
}

function generatePair(alg: Algorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (alg) {
    case 'RS256':
    case 'PS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ES384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
  }
}

/** The base64url encoding of a JSON value, or of a string taken as is. */
export function segment(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** The JWS signature of `signingInput` with `key`, as the issuer computes it (RFC 7518 §3). */
export function signatureOf(key: TestKey, signingInput: string): Buffer {
  const data = Buffer.from(signingInput);
  switch (key.alg) {
    case 'RS256':
      return sign('sha256', data, key.privateKey);
    case 'PS256':
      return sign('sha256', data, {
        key: key.privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: 32,
      });
    case 'ES256':
      return sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    case 'ES384':
      return sign('sha384', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    case 'EdDSA':
      return sign(null, data, key.privateKey);
  }
}

/** A compact JWS over the two given (already encoded) segments, validly signed by `key`. */
export function signSegments(key: TestKey, headerSegment: string, payloadSegment: string): string {
  const input = `${headerSegment}.${payloadSegment}`;
  return `${input}.${signatureOf(key, input).toString('base64url')}`;
}

/** Claims of a valid Tessera access token at NOW, with `overrides` applied (undefined removes a claim). */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    sub: 'alice',
    aud: AUDIENCE,
    client_id: 'web-app',
    scope: 'orders:read orders:write',
    jti: 'jti-1',
    iat: NOW - 10,
    exp: NOW + 900,
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return base;
}

/** A valid access token signed by `key`, with header and claims overrides (undefined removes a member). */
export function mint(
  key: TestKey,
  options: { header?: Record<string, unknown>; claims?: Record<string, unknown> } = {},
): string {
  const header: Record<string, unknown> = { alg: key.alg, typ: 'at+jwt', kid: key.kid };
  for (const [name, value] of Object.entries(options.header ?? {})) {
    if (value === undefined) delete header[name];
    else header[name] = value;
  }
  return signSegments(key, segment(header), segment(claims(options.claims)));
}

/** A JWK Set holding the public keys of `keys`. */
export function jwksOf(...keys: TestKey[]): { keys: Record<string, unknown>[] } {
  return { keys: keys.map((key) => key.jwk) };
}

// The private_key_jwt assertions createTesseraCheck signs (RFC 7523 §3): verified here with jose, for each key type
// and form it accepts; keys it cannot sign with are refused when it is created.
import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createAssertionSigner } from '../src/client-assertion.js';

const NOW_MS = Date.UTC(2026, 0, 1);
const AUDIENCE = 'https://id.example.com';

const pairs = {
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  EdDSA: generateKeyPairSync('ed25519'),
};

describe('client assertions', () => {
  for (const [alg, { privateKey, publicKey }] of Object.entries(pairs)) {
    for (const [form, key] of [
      ['KeyObject', privateKey],
      ['PEM', privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()],
      ['JWK', privateKey.export({ format: 'jwk' })],
    ] as const) {
      it(`a ${alg} key as ${form} signs an assertion the issuer can verify, with a new jti each time`, async () => {
        const sign = createAssertionSigner('client-1', key, 'k1');
        const first = sign(AUDIENCE, NOW_MS);
        const jwks = createLocalJWKSet({
          keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg }],
        });
        const { payload } = await jwtVerify(first, jwks, {
          issuer: 'client-1',
          subject: 'client-1',
          audience: AUDIENCE,
          currentDate: new Date(NOW_MS),
        });
        expect(decodeProtectedHeader(first)).toEqual({ alg, typ: 'JWT', kid: 'k1' });
        expect(payload.exp).toBe(NOW_MS / 1000 + 60);
        const second = await jwtVerify(sign(AUDIENCE, NOW_MS), jwks, { currentDate: new Date(NOW_MS) });
        expect(second.payload.jti).not.toBe(payload.jti);
      });
    }
  }

  it('refuses a public key, a P-384 key and something that is not a key, when created', () => {
    for (const key of [
      pairs.ES256.publicKey,
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
      'not a key',
      { kty: 'oct', k: 'c2VjcmV0' },
    ]) {
      expect(() => createAssertionSigner('client-1', key as never)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }),
      );
    }
  });
});

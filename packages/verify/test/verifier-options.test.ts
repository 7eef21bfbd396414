// createVerifier validates its options when called, never per request.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVerifier } from '../src/create-verifier.js';
import type { VerifyError } from '../src/errors.js';
import type { VerifierOptions } from '../src/verifier-options.js';
import { AUDIENCE, ISSUER, jwksOf, testKey } from './support/test-keys.js';

function creationError(options: Record<string, unknown>): string | undefined {
  try {
    createVerifier(options as unknown as VerifierOptions);
  } catch (error) {
    return (error as VerifyError).code;
  }
  return undefined;
}

describe('verifier options', () => {
  const jwks = jwksOf(testKey('RS256'));
  const valid = { issuer: ISSUER, audience: AUDIENCE, jwks };

  it('creates a verifier from valid options without any network access', () => {
    expect(creationError(valid)).toBeUndefined();
    expect(creationError({ issuer: ISSUER, audience: AUDIENCE })).toBeUndefined();
  });

  const invalid: Record<string, Record<string, unknown>> = {
    'a missing issuer': { audience: AUDIENCE, jwks },
    'an issuer that is not a URL': { ...valid, issuer: 'tessera' },
    'a plain-http issuer on a public host': { ...valid, issuer: 'http://issuer.example' },
    'an issuer with a query': { ...valid, issuer: `${ISSUER}?x=1` },
    'a missing audience': { issuer: ISSUER, jwks },
    'an empty audience': { ...valid, audience: '' },
    'an empty audience list': { ...valid, audience: [] },
    'a non-string audience': { ...valid, audience: [AUDIENCE, 42] },
    'both jwks and jwksUri': { ...valid, jwksUri: 'https://issuer.example/jwks' },
    'a plain-http jwksUri on a public host': {
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUri: 'http://issuer.example/jwks',
    },
    'an unsupported algorithm': { ...valid, algorithms: ['RS512'] },
    'an empty algorithm list': { ...valid, algorithms: [] },
    'a negative clock tolerance': { ...valid, clockTolerance: -1 },
    'a clock tolerance given as a string': { ...valid, clockTolerance: '30s' },
    'a tiny size cap': { ...valid, maxTokenBytes: 10 },
    'a fractional size cap': { ...valid, maxTokenBytes: 1000.5 },
    'a cache of negative size': { ...valid, cache: { maxEntries: -1 } },
    'a cache given as a string': { ...valid, cache: 'yes' },
    'a zero cooldown': { ...valid, jwksCooldownSeconds: 0 },
    'a clock that is not a function': { ...valid, now: 123 },
    'a misspelt option': { ...valid, audiance: AUDIENCE },
    'introspection without a secret': { ...valid, introspection: { clientId: 'api' } },
    'introspection with a public http endpoint': {
      ...valid,
      introspection: {
        clientId: 'api',
        clientSecret: 's',
        introspectionEndpoint: 'http://issuer.example/introspect',
      },
    },
    'an introspection cache TTL over 300 s': {
      ...valid,
      introspection: { clientId: 'api', clientSecret: 's', cacheTtlSeconds: 3600 },
    },
  };
  for (const [what, options] of Object.entries(invalid)) {
    it(`refuses ${what} with ERR_INVALID_OPTIONS`, () => {
      expect(creationError(options)).toBe('ERR_INVALID_OPTIONS');
    });
  }

  it('refuses a jwks that is not a JWK Set, or has no usable key, with ERR_JWKS_INVALID', () => {
    expect(creationError({ ...valid, jwks: [testKey('RS256').jwk] })).toBe('ERR_JWKS_INVALID');
    expect(creationError({ ...valid, jwks: { keys: [] } })).toBe('ERR_JWKS_INVALID');
    expect(creationError({ ...valid, jwks: { keys: [{ kty: 'RSA', n: 'AQAB', e: 'AQAB' }] } })).toBe(
      'ERR_JWKS_INVALID',
    );
  });

  it('skips RSA keys shorter than 2048 bits', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const weak = { ...publicKey.export({ format: 'jwk' }), kid: 'weak' };
    expect(creationError({ ...valid, jwks: { keys: [weak] } })).toBe('ERR_JWKS_INVALID');
  });

  it('skips keys marked for encryption or not for verification', () => {
    const enc = { ...testKey('RS256').jwk, use: 'enc' };
    expect(creationError({ ...valid, jwks: { keys: [enc] } })).toBe('ERR_JWKS_INVALID');
    expect(
      creationError({ ...valid, jwks: { keys: [{ ...testKey('ES256').jwk, key_ops: ['sign'] }] } }),
    ).toBe('ERR_JWKS_INVALID');
  });
});

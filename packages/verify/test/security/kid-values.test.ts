// SECURITY.md §1: `kid` = `../../dev/null`, SQL, 10 KB, NUL bytes; unknown `kid`: rejected (the unknown-kid
// refetch limit is proven against a live JWKS server in remote-key-set.test.ts).
import { describe, it } from 'vitest';
import { claims, segment, signSegments, testKey } from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

describe('hostile kid values', () => {
  const key = testKey('ES256');
  const withKid = (kid: unknown) =>
    signSegments(key, segment({ alg: 'ES256', typ: 'at+jwt', kid }), segment(claims()));

  const unknownKids: Record<string, string> = {
    'a path traversal': '../../dev/null',
    'an absolute path': '/dev/null',
    SQL: "' OR '1'='1' --",
    'NUL bytes': 'es256-1\u0000',
    'only NUL bytes': '\u0000\u0000',
    'an inherited property name (__proto__)': '__proto__',
    'an inherited property name (constructor)': 'constructor',
    'an empty string': '',
    'a URL': 'https://attacker.example/jwks.json',
  };
  for (const [what, kid] of Object.entries(unknownKids)) {
    it(`rejects a kid that is ${what}`, async () => {
      await expectRejected(localVerifier([key, testKey('RS256')]), withKid(kid), 'ERR_JWKS_NO_MATCHING_KEY');
    });
  }

  it('rejects a 10 KB kid by the size cap before looking at it', async () => {
    await expectRejected(localVerifier([key]), withKid('k'.repeat(10 * 1024)), 'ERR_JWT_TOO_LARGE');
  });

  it('rejects a 10 KB kid as unknown when the size cap allows it', async () => {
    const verifier = localVerifier([key], { maxTokenBytes: 64 * 1024 });
    await expectRejected(verifier, withKid('k'.repeat(10 * 1024)), 'ERR_JWKS_NO_MATCHING_KEY');
  });

  for (const kid of [42, null, ['es256-1'], { kid: 'es256-1' }, true]) {
    it(`rejects a kid that is not a string (${JSON.stringify(kid)})`, async () => {
      await expectRejected(localVerifier([key]), withKid(kid), 'ERR_JWT_MALFORMED');
    });
  }

  it('rejects an unknown kid in a local key set', async () => {
    await expectRejected(localVerifier([key]), withKid('es256-2'), 'ERR_JWKS_NO_MATCHING_KEY');
  });

  it('rejects a token without kid when the key set has several keys', async () => {
    const token = signSegments(key, segment({ alg: 'ES256', typ: 'at+jwt' }), segment(claims()));
    await expectRejected(
      localVerifier([key, testKey('ES256', 'es256-2')]),
      token,
      'ERR_JWKS_NO_MATCHING_KEY',
    );
  });
});

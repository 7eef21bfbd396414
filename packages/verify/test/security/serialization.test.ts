// SECURITY.md §1: JSON (flattened/general) serialization; duplicate claim or header names; non-canonical
// base64url (`=`, `+`, `/`). Every forged variant below carries a valid signature over its exact bytes, so
// only the encoding rule can be what rejects it.
import { describe, expect, it } from 'vitest';
import { claims, mint, segment, signSegments, testKey } from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

const key = testKey('RS256');
const header = { alg: 'RS256', typ: 'at+jwt', kid: key.kid };
const headerJson = JSON.stringify(header);
const claimsJson = JSON.stringify(claims());

describe('JWS JSON serializations', () => {
  const [protectedHeader, payload, signature] = mint(key).split('.') as [string, string, string];

  it('rejects the flattened JSON serialization (RFC 7515 §7.2.2)', async () => {
    const flattened = JSON.stringify({ protected: protectedHeader, payload, signature });
    await expectRejected(localVerifier([key]), flattened, 'ERR_JWT_MALFORMED');
  });

  it('rejects the general JSON serialization (RFC 7515 §7.2.1)', async () => {
    const general = JSON.stringify({ payload, signatures: [{ protected: protectedHeader, signature }] });
    await expectRejected(localVerifier([key]), general, 'ERR_JWT_MALFORMED');
  });

  for (const [what, token] of [
    ['two segments', `${protectedHeader}.${payload}`],
    ['four segments', `${protectedHeader}.${payload}.${signature}.${signature}`],
    ['an empty header segment', `.${payload}.${signature}`],
    ['an empty payload segment', signSegments(key, protectedHeader, '')],
    ['leading whitespace', ` ${protectedHeader}.${payload}.${signature}`],
    ['trailing whitespace', `${protectedHeader}.${payload}.${signature}\n`],
    ['the Bearer prefix', `Bearer ${protectedHeader}.${payload}.${signature}`],
    ['a JWE-like five-part form', `${protectedHeader}..${payload}.${signature}.tag`],
    ['an empty string', ''],
  ] as const) {
    it(`rejects a token with ${what}`, async () => {
      await expectRejected(localVerifier([key]), token, 'ERR_JWT_MALFORMED');
    });
  }

  it('rejects a payload that is JSON but not an object', async () => {
    for (const value of ['[]', '"at+jwt"', '42', 'null', 'true']) {
      await expectRejected(
        localVerifier([key]),
        signSegments(key, protectedHeader, segment(value)),
        'ERR_JWT_MALFORMED',
      );
    }
  });

  it('rejects a non-string token', async () => {
    for (const value of [undefined, null, 42, {}, ['a.b.c']]) {
      await expectRejected(localVerifier([key]), value as never, 'ERR_JWT_MALFORMED');
    }
  });
});

describe('duplicate member names', () => {
  it('rejects a duplicate claim name (the later "sub" would win in JSON.parse)', async () => {
    const payload = segment(`${claimsJson.slice(0, -1)},"sub":"admin"}`);
    await expectRejected(
      localVerifier([key]),
      signSegments(key, segment(header), payload),
      'ERR_JWT_MALFORMED',
    );
  });

  it('rejects a duplicate claim name spelled with a unicode escape', async () => {
    const payload = segment(`${claimsJson.slice(0, -1)},"s\\u0075b":"admin"}`);
    await expectRejected(
      localVerifier([key]),
      signSegments(key, segment(header), payload),
      'ERR_JWT_MALFORMED',
    );
  });

  it('rejects a duplicate "aud" placing another service last', async () => {
    const payload = segment(`${claimsJson.slice(0, -1)},"aud":"https://billing.example"}`);
    await expectRejected(
      localVerifier([key]),
      signSegments(key, segment(header), payload),
      'ERR_JWT_MALFORMED',
    );
  });

  it('rejects a duplicate header name', async () => {
    const duplicated = segment(`${headerJson.slice(0, -1)},"alg":"RS256"}`);
    await expectRejected(
      localVerifier([key]),
      signSegments(key, duplicated, segment(claims())),
      'ERR_JWT_MALFORMED',
    );
  });

  it('rejects a duplicate "__proto__" claim', async () => {
    const payload = segment(`${claimsJson.slice(0, -1)},"__proto__":{},"__proto__":{}}`);
    await expectRejected(
      localVerifier([key]),
      signSegments(key, segment(header), payload),
      'ERR_JWT_MALFORMED',
    );
  });

  it('accepts the same name in nested objects, which is not a duplicate', async () => {
    const payload = segment(`${claimsJson.slice(0, -1)},"act":{"sub":"svc","act":{"sub":"svc"}}}`);
    const { claims: verified } = await localVerifier([key]).verify(
      signSegments(key, segment(header), payload),
    );
    expect(verified.act).toEqual({ sub: 'svc', act: { sub: 'svc' } });
  });
});

describe('non-canonical base64url', () => {
  const valid = mint(key);
  const [h, p, s] = valid.split('.') as [string, string, string];

  /** The segment with its last character changed so that only the unused low bits differ. */
  const withTrailingBits = (value: string) => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(value.at(-1) as string);
    expect(value.length % 4).not.toBe(0);
    return value.slice(0, -1) + alphabet[last + 1];
  };

  it('rejects "=" padding on the header, payload or signature', async () => {
    const verifier = localVerifier([key]);
    const padded = (value: string) => value + '='.repeat((4 - (value.length % 4)) % 4 || 4);
    await expectRejected(verifier, signSegments(key, padded(h), p), 'ERR_JWT_MALFORMED');
    await expectRejected(verifier, signSegments(key, h, padded(p)), 'ERR_JWT_MALFORMED');
    await expectRejected(verifier, `${h}.${p}.${padded(s)}`, 'ERR_JWT_MALFORMED');
  });

  it('rejects the standard base64 alphabet ("+" and "/") in any segment', async () => {
    const verifier = localVerifier([key]);
    const standard = (value: string) => value.replaceAll('-', '+').replaceAll('_', '/');
    // A header and payload chosen so that their encodings contain "-" and "_".
    const h2 = segment({ ...header, x: '\u00fb\u00ff\u00fe>?' });
    const p2 = segment(claims({ note: '\u00fb\u00ff\u00fe>?' }));
    expect(/[-_]/.test(h2) && /[-_]/.test(p2) && /[-_]/.test(s)).toBe(true);
    await expectRejected(verifier, signSegments(key, standard(h2), p2), 'ERR_JWT_MALFORMED');
    await expectRejected(verifier, signSegments(key, h2, standard(p2)), 'ERR_JWT_MALFORMED');
    await expectRejected(verifier, `${h}.${p}.${standard(s)}`, 'ERR_JWT_MALFORMED');
  });

  it('rejects non-zero unused trailing bits, which decode to the same bytes', async () => {
    const verifier = localVerifier([key]);
    // Segments whose length is not a multiple of 4, so that their last character has unused bits.
    const odd = (encode: (x: string) => string) => {
      let x = 'a';
      while (encode(x).length % 4 === 0) x += 'a';
      return encode(x);
    };
    const oddHeader = odd((x) => segment({ ...header, x }));
    const oddPayload = odd((x) => segment(claims({ x })));
    await expectRejected(
      verifier,
      signSegments(key, withTrailingBits(oddHeader), oddPayload),
      'ERR_JWT_MALFORMED',
    );
    await expectRejected(
      verifier,
      signSegments(key, oddHeader, withTrailingBits(oddPayload)),
      'ERR_JWT_MALFORMED',
    );
    await expectRejected(verifier, `${h}.${p}.${withTrailingBits(s)}`, 'ERR_JWT_MALFORMED');
  });

  it('rejects characters outside the alphabet that a lenient decoder would skip', async () => {
    const verifier = localVerifier([key]);
    await expectRejected(
      verifier,
      signSegments(key, `${h.slice(0, 4)}!${h.slice(4)}`, p),
      'ERR_JWT_MALFORMED',
    );
    await expectRejected(
      verifier,
      signSegments(key, h, `${p.slice(0, 4)} ${p.slice(4)}`),
      'ERR_JWT_MALFORMED',
    );
    await expectRejected(verifier, `${h}.${p}.${s.slice(0, 8)}\u00e9${s.slice(8)}`, 'ERR_JWT_MALFORMED');
  });
});

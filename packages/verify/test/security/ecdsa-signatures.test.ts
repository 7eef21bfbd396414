// SECURITY.md §1: ECDSA r = s = 0, r or s = n, DER instead of raw r‖s, wrong length (CVE-2022-21449).
import { sign } from 'node:crypto';
import { describe, it } from 'vitest';
import { claims, segment, type TestKey, testKey } from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

// SEC 2 §2.4.2 and §2.5.1: the group orders n of P-256 and P-384.
const ORDER = {
  ES256: Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex'),
  ES384: Buffer.from(
    'ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
    'hex',
  ),
} as const;

for (const alg of ['ES256', 'ES384'] as const) {
  describe(`${alg} signature encoding and range`, () => {
    const key: TestKey = testKey(alg);
    const size = ORDER[alg].length;
    const hash = alg === 'ES256' ? 'sha256' : 'sha384';
    const input = `${segment({ alg, typ: 'at+jwt', kid: key.kid })}.${segment(claims())}`;
    const raw = sign(hash, Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    const r = raw.subarray(0, size);
    const s = raw.subarray(size);
    const withSignature = (signature: Buffer) => `${input}.${signature.toString('base64url')}`;

    it('rejects r = s = 0 (the "psychic signature")', async () => {
      await expectRejected(
        localVerifier([key]),
        withSignature(Buffer.alloc(2 * size)),
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });

    it('rejects r = 0 with a valid s', async () => {
      const token = withSignature(Buffer.concat([Buffer.alloc(size), s]));
      await expectRejected(localVerifier([key]), token, 'ERR_JWS_SIGNATURE_INVALID');
    });

    it('rejects r = s = n', async () => {
      const token = withSignature(Buffer.concat([ORDER[alg], ORDER[alg]]));
      await expectRejected(localVerifier([key]), token, 'ERR_JWS_SIGNATURE_INVALID');
    });

    it('rejects r = n with a valid s', async () => {
      const token = withSignature(Buffer.concat([ORDER[alg], s]));
      await expectRejected(localVerifier([key]), token, 'ERR_JWS_SIGNATURE_INVALID');
    });

    it('rejects a valid r with s = n', async () => {
      const token = withSignature(Buffer.concat([r, ORDER[alg]]));
      await expectRejected(localVerifier([key]), token, 'ERR_JWS_SIGNATURE_INVALID');
    });

    it('rejects r and s all ones (above n)', async () => {
      await expectRejected(
        localVerifier([key]),
        withSignature(Buffer.alloc(2 * size, 0xff)),
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });

    it('rejects the valid signature in DER instead of raw r‖s', async () => {
      const der = sign(hash, Buffer.from(input), { key: key.privateKey, dsaEncoding: 'der' });
      await expectRejected(localVerifier([key]), withSignature(der), 'ERR_JWS_SIGNATURE_INVALID');
    });

    it('rejects the valid signature with a byte missing or added', async () => {
      const verifier = localVerifier([key]);
      await expectRejected(verifier, withSignature(raw.subarray(1)), 'ERR_JWS_SIGNATURE_INVALID');
      await expectRejected(verifier, withSignature(raw.subarray(0, -1)), 'ERR_JWS_SIGNATURE_INVALID');
      await expectRejected(
        verifier,
        withSignature(Buffer.concat([raw, Buffer.alloc(1)])),
        'ERR_JWS_SIGNATURE_INVALID',
      );
      await expectRejected(
        verifier,
        withSignature(Buffer.concat([Buffer.alloc(1), raw])),
        'ERR_JWS_SIGNATURE_INVALID',
      );
    });

    it('rejects an empty signature', async () => {
      await expectRejected(localVerifier([key]), `${input}.`, 'ERR_JWS_SIGNATURE_INVALID');
    });

    it('rejects the valid signature with one bit flipped', async () => {
      const flipped = Buffer.from(raw);
      flipped[size + 3] = (flipped[size + 3] as number) ^ 1;
      await expectRejected(localVerifier([key]), withSignature(flipped), 'ERR_JWS_SIGNATURE_INVALID');
    });
  });
}

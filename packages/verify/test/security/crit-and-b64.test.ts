// SECURITY.md §1: `crit` with an unknown or registered name, empty `crit`, `b64: false` (RFC 7797).
import { describe, it } from 'vitest';
import { claims, segment, signSegments, testKey } from '../support/test-keys.js';
import { expectRejected, localVerifier } from '../support/verifier.js';

describe('critical header extensions', () => {
  const key = testKey('RS256');
  const withHeader = (extra: Record<string, unknown>, payload = segment(claims())) =>
    signSegments(key, segment({ alg: 'RS256', typ: 'at+jwt', kid: key.kid, ...extra }), payload);

  it('rejects crit naming an unknown extension that is present', async () => {
    await expectRejected(
      localVerifier([key]),
      withHeader({ crit: ['exp'], exp: 1 }),
      'ERR_JOSE_HEADER_UNSUPPORTED',
    );
  });

  it('rejects crit naming an extension that is absent', async () => {
    await expectRejected(
      localVerifier([key]),
      withHeader({ crit: ['urn:example:ext'] }),
      'ERR_JOSE_HEADER_UNSUPPORTED',
    );
  });

  it('rejects crit naming a registered header parameter (RFC 7515 §4.1.11 forbids it)', async () => {
    await expectRejected(localVerifier([key]), withHeader({ crit: ['alg'] }), 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('rejects an empty crit list', async () => {
    await expectRejected(localVerifier([key]), withHeader({ crit: [] }), 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('rejects crit that is not a list', async () => {
    await expectRejected(localVerifier([key]), withHeader({ crit: 'b64' }), 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('rejects b64: false declared critical, with the payload unencoded (RFC 7797): its dots break the form', async () => {
    const token = withHeader({ b64: false, crit: ['b64'] }, JSON.stringify(claims()));
    await expectRejected(localVerifier([key]), token, 'ERR_JWT_MALFORMED');
  });

  it('rejects b64: false declared critical, with an unencoded payload free of dots', async () => {
    const token = withHeader({ b64: false, crit: ['b64'] }, '{"sub":"alice"}');
    await expectRejected(localVerifier([key]), token, 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('rejects b64: false declared critical, with the payload encoded', async () => {
    await expectRejected(
      localVerifier([key]),
      withHeader({ b64: false, crit: ['b64'] }),
      'ERR_JOSE_HEADER_UNSUPPORTED',
    );
  });

  it('rejects b64: false without crit', async () => {
    await expectRejected(localVerifier([key]), withHeader({ b64: false }), 'ERR_JOSE_HEADER_UNSUPPORTED');
  });

  it('rejects b64: true too, since it only has meaning with crit', async () => {
    await expectRejected(localVerifier([key]), withHeader({ b64: true }), 'ERR_JOSE_HEADER_UNSUPPORTED');
  });
});

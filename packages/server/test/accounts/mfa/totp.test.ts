// RFC 6238 mechanics: the Appendix B vectors, the ±1 step window, the otpauth:// URI, and recovery-code shapes.
import { readFileSync } from 'node:fs';
import { Secret, TOTP, URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  normalizeRecoveryCode,
} from '../../../src/accounts/mfa/recovery-codes.js';
import {
  generateTotpSecret,
  matchTotpStep,
  totpCode,
  totpStep,
  totpUri,
} from '../../../src/accounts/mfa/totp.js';

const appendixB = JSON.parse(
  readFileSync(new URL('../../vectors/rfc6238-appendix-b-sha1.json', import.meta.url), 'utf8'),
) as { seed: string; digits: number; vectors: { time: number; step: string; totp: string }[] };

describe('TOTP (RFC 6238)', () => {
  const seed = Secret.fromLatin1(appendixB.seed);

  it.each(appendixB.vectors)('Appendix B, SHA1, T = $time s gives $totp', ({ time, step, totp }) => {
    expect(totpStep(time)).toBe(Number.parseInt(step, 16));
    expect(totpCode(seed, time, appendixB.digits)).toBe(totp);
  });

  it('a 6-digit code is the last six digits of the 8-digit vector (RFC 4226 §5.3 truncation)', () => {
    expect(totpCode(seed, 59)).toBe('287082');
    expect(totpCode(seed, 1111111109)).toBe('081804');
  });

  it('accepts the code of the current step and of one step either side, and says which step it was', () => {
    const secret = seed.base32;
    const now = 1111111109;
    const step = totpStep(now);
    expect(matchTotpStep(secret, totpCode(seed, now), now)).toBe(step);
    expect(matchTotpStep(secret, totpCode(seed, now - 30), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCode(seed, now + 30), now)).toBe(step + 1);
  });

  it('refuses the codes of two steps away, and anything but six digits', () => {
    const secret = seed.base32;
    const now = 1111111109;
    expect(matchTotpStep(secret, totpCode(seed, now - 60), now)).toBeUndefined();
    expect(matchTotpStep(secret, totpCode(seed, now + 60), now)).toBeUndefined();
    expect(matchTotpStep(secret, totpCode(seed, now, 8), now)).toBeUndefined();
    expect(matchTotpStep(secret, ' 81804', now)).toBeUndefined();
    expect(matchTotpStep(secret, '', now)).toBeUndefined();
  });

  it('makes 160-bit secrets and an otpauth:// URI that apps read as SHA1, 6 digits, 30 s', () => {
    const secret = generateTotpSecret();
    expect(Secret.fromBase32(secret).bytes).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
    const uri = totpUri(secret, 'id.example.com', 'ann@example.com');
    expect(uri.startsWith('otpauth://totp/')).toBe(true);
    const parsed = URI.parse(uri) as TOTP;
    expect(parsed).toBeInstanceOf(TOTP);
    expect(parsed).toMatchObject({
      issuer: 'id.example.com',
      label: 'ann@example.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(parsed.secret.base32).toBe(secret);
  });
});

describe('recovery codes', () => {
  it('are ten distinct codes of 80 random bits each, in four groups of four', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
  });

  it('are read whatever the case, spaces and dashes, with o, i and l as 0, 1 and 1', () => {
    expect(normalizeRecoveryCode('AB12-cd34-EF56-gh78')).toBe('ab12cd34ef56gh78');
    expect(normalizeRecoveryCode(' ab12 cd34 ef56 gh78 ')).toBe('ab12cd34ef56gh78');
    expect(normalizeRecoveryCode('abo2-cdi4-efl6-gh78')).toBe('ab02cd14ef16gh78');
    expect(normalizeRecoveryCode('ab12-cd34-ef56')).toBeUndefined();
    expect(normalizeRecoveryCode('ab12-cd34-ef56-gh7u')).toBeUndefined();
    expect(normalizeRecoveryCode('123456')).toBeUndefined();
  });

  it('are stored as a hash, never as themselves', () => {
    const normalized = normalizeRecoveryCode('ab12-cd34-ef56-gh78') as string;
    const hash = hashRecoveryCode(normalized);
    expect(hash).toMatch(/^sha256:/);
    expect(hash).not.toContain(normalized);
  });
});

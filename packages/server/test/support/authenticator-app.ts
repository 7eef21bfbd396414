// What a person's authenticator app shows for a TOTP secret Tessera gave them (RFC 6238: SHA-1, 6 digits, 30 s), at
// the test's clock rather than the real time, so a test moves to the next code instead of waiting for it.
import { Secret, TOTP } from 'otpauth';
import type { Clock } from '../../src/clock.js';

export function authenticatorCode(secret: string, clock: Clock): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: clock.now(),
  });
}

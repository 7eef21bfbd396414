// RFC 6238 time-based one-time passwords as authenticator apps make them: HMAC-SHA-1, 6 digits, 30-second steps, and
// one step either side of now accepted for clocks that drift (RFC 6238 §5.2). The arithmetic is otpauth's.
import { Secret, TOTP } from 'otpauth';

export const TOTP_ALGORITHM = 'SHA1';
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** Steps accepted on either side of the current one (RFC 6238 §5.2: at most one is recommended). */
export const TOTP_WINDOW_STEPS = 1;
/** 160 bits, the length RFC 4226 §4 recommends for the shared secret (R6). */
const SECRET_BYTES = 20;

/** A new shared secret in base32 (RFC 4648), as authenticator apps take it typed in or from the QR code. */
export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/**
 * The `otpauth://totp/` URI (Google Authenticator's key URI format) an authenticator app scans: the issuer and
 * the account's email name the entry in the app.
 */
export function totpUri(secretBase32: string, issuerName: string, accountName: string): string {
  return new TOTP({
    issuer: issuerName,
    label: accountName,
    secret: Secret.fromBase32(secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The time step `epochSeconds` falls in (RFC 6238 §4.2: T = floor((now - T0) / X), T0 = 0). */
export function totpStep(epochSeconds: number): number {
  return Math.floor(epochSeconds / TOTP_PERIOD_SECONDS);
}

/**
 * The code for `epochSeconds` from `secret` (`digits` other than 6 only for RFC 6238's own test vectors, which have
 * 8).
 */
export function totpCode(secret: Secret, epochSeconds: number, digits = TOTP_DIGITS): string {
  return TOTP.generate({
    secret,
    algorithm: TOTP_ALGORITHM,
    digits,
    period: TOTP_PERIOD_SECONDS,
    timestamp: epochSeconds * 1000,
  });
}

/**
 * The time step whose code `code` is, among the current step and one either side; undefined when it is none of
 * them (or not 6 digits). Which step matched is what replay protection remembers (RFC 6238 §5.2).
 */
export function matchTotpStep(secretBase32: string, code: string, epochSeconds: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secretBase32),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: epochSeconds * 1000,
    window: TOTP_WINDOW_STEPS,
  });
  return delta === null ? undefined : totpStep(epochSeconds) + delta;
}

// Device cookies (OWASP "Slow Brute Force Protection Using Device Cookies"): a browser where an account has signed in
// keeps a sealed note of it. That browser is let past the account-wide limit on failed sign-ins, which an attacker
// elsewhere can run up at will; the limits per account-and-address and per address still apply to it. So guessing
// from anywhere cannot lock the real user out of the browsers they use.
import { type Clock, epochSeconds } from '../clock.js';
import type { SecretBox } from '../crypto/secret-box.js';

/** How long a browser stays trusted after its last sign-in. */
export const TRUSTED_DEVICE_SECONDS = 90 * 86_400;
const PURPOSE = 'trusted-device';
/** Far longer than a sealed note; anything longer is not one of ours. */
const MAX_COOKIE_LENGTH = 1_024;

export class TrustedDevices {
  readonly #box: SecretBox;
  readonly #clock: Clock;

  constructor(box: SecretBox, clock: Clock) {
    this.#box = box;
    this.#clock = clock;
  }

  /** The cookie value for a browser where the account with this (normalized) email has just signed in. */
  issue(normalizedEmail: string): Promise<string> {
    return this.#box.seal(JSON.stringify({ email: normalizedEmail, at: epochSeconds(this.#clock) }), PURPOSE);
  }

  /** Whether `cookie` is our note, recent enough, for the account with this (normalized) email. */
  async trusts(cookie: string | undefined, normalizedEmail: string): Promise<boolean> {
    if (!cookie || cookie.length > MAX_COOKIE_LENGTH) return false;
    try {
      const note = JSON.parse(await this.#box.open(cookie, PURPOSE)) as { email?: unknown; at?: unknown };
      const age = epochSeconds(this.#clock) - Number(note.at);
      return note.email === normalizedEmail && age >= 0 && age < TRUSTED_DEVICE_SECONDS;
    } catch {
      return false; // not sealed by us (forged, damaged, or sealed under another master key)
    }
  }
}

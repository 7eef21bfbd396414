// Device cookies (OWASP "Slow Brute Force Protection Using Device Cookies"): a browser where an account has signed in
// keeps a sealed note of it. That browser is let past the account-wide limit on failed sign-ins, which an attacker
// elsewhere can run up at will; the limits per account-and-address and per address still apply to it, and so does a
// limit of its own. So guessing from anywhere cannot lock the real user out of the browsers they use.
import { type Clock, epochSeconds } from '../clock.js';
import { generateRandomId } from '../crypto/opaque-secret.js';
import type { SecretBox } from '../crypto/secret-box.js';

/** How long a browser stays trusted after its last sign-in. */
export const TRUSTED_DEVICE_SECONDS = 90 * 86_400;
const PURPOSE = 'trusted-device';
/** Far longer than a sealed note; anything longer is not one of ours. */
const MAX_COOKIE_LENGTH = 1_024;

/** What a device cookie says, once opened. */
export interface DeviceNote {
  /** This browser's own id, under which its failed sign-ins are counted. */
  deviceId: string;
  userId: string;
  /** The account's credentials version at that sign-in: a password change or disabling ends the trust. */
  credentialsVersion: number;
  signedInAt: number;
}

export class TrustedDevices {
  readonly #box: SecretBox;
  readonly #clock: Clock;

  constructor(box: SecretBox, clock: Clock) {
    this.#box = box;
    this.#clock = clock;
  }

  /** The cookie value for a browser where `user` has just signed in. */
  issue(user: { id: string; credentialsVersion: number }): Promise<string> {
    const note: DeviceNote = {
      deviceId: generateRandomId(),
      userId: user.id,
      credentialsVersion: user.credentialsVersion,
      signedInAt: epochSeconds(this.#clock),
    };
    return this.#box.seal(JSON.stringify(note), PURPOSE);
  }

  /** The note `cookie` carries, if it is ours and recent; undefined otherwise (forged, damaged, old, absent). */
  async read(cookie: string | undefined): Promise<DeviceNote | undefined> {
    if (!cookie || cookie.length > MAX_COOKIE_LENGTH) return undefined;
    let note: Partial<DeviceNote>;
    try {
      note = JSON.parse(await this.#box.open(cookie, PURPOSE)) as Partial<DeviceNote>;
    } catch {
      return undefined; // not sealed by us, or under another master key
    }
    const age = epochSeconds(this.#clock) - Number(note.signedInAt);
    if (!(age >= 0 && age < TRUSTED_DEVICE_SECONDS)) return undefined;
    if (typeof note.deviceId !== 'string' || typeof note.userId !== 'string') return undefined;
    return note as DeviceNote;
  }
}

/** The device id `note` gives for signing in to `user`, if it was issued to this account as it is now. */
export function trustedDeviceFor(
  note: DeviceNote | undefined,
  user: { id: string; credentialsVersion: number } | undefined,
): string | undefined {
  if (!note || !user) return undefined;
  return note.userId === user.id && note.credentialsVersion === user.credentialsVersion
    ? note.deviceId
    : undefined;
}

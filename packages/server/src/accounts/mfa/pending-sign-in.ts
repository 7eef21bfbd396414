// A sign-in half done: the password was right, the second factor is still to come. Kept by the browser as a sealed,
// short-lived cookie (SecretBox: encrypted and authenticated, so it cannot be forged or altered), never as a session:
// until the second factor passes, nothing signs the browser in. It is for one factor (a factor turned off and on again
// is another) and signs in once: its random nonce is recorded as used when the second factor passes
// (sign-in-with-second-factor.ts), so a copy of the cookie is worth nothing afterwards.
import { createHash } from 'node:crypto';
import { type Clock, epochSeconds } from '../../clock.js';
import { generateRandomId } from '../../crypto/opaque-secret.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import type { TotpFactor } from './totp-factor-store.js';

/** How long the second factor may take after the password. */
export const PENDING_SIGN_IN_SECONDS = 5 * 60;
const PURPOSE = 'pending-sign-in';
const MAX_COOKIE_LENGTH = 2_048;

/** What the password step proved: who, with which credentials, by which methods so far (RFC 8176), and when. */
export interface PendingSignIn {
  userId: string;
  credentialsVersion: number;
  amr: string[];
  startedAt: number;
  /** The TOTP factor the second step is for (totpFactorTag); empty when the account answers with a passkey only. */
  factor: string;
  /** Random: the second factor passes once per pending sign-in. */
  nonce: string;
  /** For a step-up (step-up.ts): the public id of the session that is to record the second factor. */
  stepUpOf?: string;
}

/**
 * Names one TOTP enrolment: a digest of its sealed secret, which is sealed afresh (a new random IV) at each enrolment,
 * so a factor turned off and on again, even within the same second, has another tag.
 */
export function totpFactorTag(factor: Pick<TotpFactor, 'sealedSecret'>): string {
  return createHash('sha256').update(factor.sealedSecret).digest('base64url');
}

export class PendingSignIns {
  readonly #box: SecretBox;
  readonly #clock: Clock;

  constructor(box: SecretBox, clock: Clock) {
    this.#box = box;
    this.#clock = clock;
  }

  /**
   * The cookie value for `user`, whose first factors (`amr`) have just been checked, to go on with TOTP `factor` (or,
   * without one, a passkey).
   */
  issue(
    user: { id: string; credentialsVersion: number },
    factor: Pick<TotpFactor, 'sealedSecret'> | undefined,
    amr: string[],
    /** The session's sid, for a step-up of a session instead of a new sign-in. */
    stepUpOf?: string,
  ): Promise<string> {
    const pending: PendingSignIn = {
      userId: user.id,
      credentialsVersion: user.credentialsVersion,
      amr,
      startedAt: epochSeconds(this.#clock),
      factor: factor ? totpFactorTag(factor) : '',
      nonce: generateRandomId(),
      ...(stepUpOf !== undefined && { stepUpOf }),
    };
    return this.#box.seal(JSON.stringify(pending), PURPOSE);
  }

  /** What `cookie` says, if it is ours and younger than PENDING_SIGN_IN_SECONDS; undefined otherwise. */
  async read(cookie: string | undefined): Promise<PendingSignIn | undefined> {
    if (!cookie || cookie.length > MAX_COOKIE_LENGTH) return undefined;
    let pending: Partial<PendingSignIn>;
    try {
      pending = JSON.parse(await this.#box.open(cookie, PURPOSE)) as Partial<PendingSignIn>;
    } catch {
      return undefined; // not sealed by us, or under another master key
    }
    const age = epochSeconds(this.#clock) - Number(pending.startedAt);
    if (!(age >= 0 && age < PENDING_SIGN_IN_SECONDS)) return undefined;
    if (typeof pending.userId !== 'string' || !Array.isArray(pending.amr)) return undefined;
    if (typeof pending.factor !== 'string' || typeof pending.nonce !== 'string') return undefined;
    if (pending.stepUpOf !== undefined && typeof pending.stepUpOf !== 'string') return undefined;
    return pending as PendingSignIn;
  }
}

// The store contracts for passkeys (WebAuthn credentials) and their ceremonies' challenges. A credential holds only
// public material (the public key, its signature counter, what the authenticator said about itself), so nothing here
// is secret; a challenge is kept by its SHA-256 and taken once.
import type { Purgeable } from '../../purgeable.js';

/** How the authenticator reached the browser (WebAuthn `AuthenticatorTransport`), kept to hint the next sign-in. */
export type PasskeyTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';

export interface Passkey {
  /** The credential id (base64url), unique across accounts. */
  id: string;
  userId: string;
  /** A name the person chose ("Laptop"), shown on the account page. */
  name: string;
  /** The COSE public key (base64url). */
  publicKey: string;
  /** The authenticator's signature counter at the last use (0 for authenticators that do not count). */
  counter: number;
  transports: PasskeyTransport[];
  /** `singleDevice`, or `multiDevice` for a synced passkey (its backup-eligible flag). */
  deviceType: 'singleDevice' | 'multiDevice';
  /** The backed-up flag as of the last use. */
  backedUp: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface PasskeyStore {
  /** Stores a new credential; returns false, changing nothing, when its id is stored already (for any account). */
  add(passkey: Passkey): Promise<boolean>;
  findById(id: string): Promise<Passkey | undefined>;
  /** The account's passkeys, oldest first. */
  listByUser(userId: string): Promise<Passkey[]>;
  countByUser(userId: string): Promise<number>;
  /**
   * Records a verified use: the new counter and backed-up flag and the time. In one statement, and only if the counter
   * went up (or the authenticator does not count: both 0), so of two uses of one signature exactly one succeeds.
   * Returns whether it did.
   */
  recordUse(id: string, userId: string, counter: number, backedUp: boolean, now: number): Promise<boolean>;
  /** Renames the account's passkey `id`; false when the account has no such passkey. */
  rename(id: string, userId: string, name: string): Promise<boolean>;
  /** Forgets the account's passkey `id`; false when the account has no such passkey. */
  remove(id: string, userId: string): Promise<boolean>;
}

/** Which ceremony a challenge is for; a challenge serves only its own. */
export type PasskeyCeremony = 'register' | 'sign_in' | 'second_factor';

export interface PasskeyChallenge {
  /** SHA-256 of the challenge (base64url); the challenge itself is not kept. */
  challengeHash: string;
  ceremony: PasskeyCeremony;
  /** The account it is for: the signed-in one (register), the pending sign-in's (second_factor); null for sign_in. */
  userId: string | null;
  /** What it is bound to: the session (register), the pending sign-in (second_factor), the browser (sign_in). */
  binding: string;
  expiresAt: number;
}

export interface PasskeyChallengeStore extends Purgeable {
  save(challenge: PasskeyChallenge): Promise<void>;
  /**
   * Takes the challenge with this hash if it has not expired at `now`: deletes it and returns it, in one statement, so
   * of concurrent uses exactly one gets it. Undefined when there is none (never issued, used, or expired).
   */
  take(challengeHash: string, now: number): Promise<PasskeyChallenge | undefined>;
}

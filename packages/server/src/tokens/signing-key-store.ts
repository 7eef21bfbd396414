// The store contract for signing keys and the signing-algorithm setting: the key ring's only view of storage.
import type { SigningAlgorithm } from '../config/config.js';

export type SigningKeyStatus = 'next' | 'current' | 'retired';

export interface StoredSigningKey {
  kid: string;
  alg: string;
  status: SigningKeyStatus;
  publicJwk: Record<string, unknown>;
  /** Sealed with the master key (crypto/secret-box.ts). */
  sealedPrivateKey: string;
  createdAt: number;
  activatedAt: number | null;
  retiredAt: number | null;
}

/**
 * Which algorithm signs access tokens (and ID tokens unless a client asks for RS256). During a switch, `previousAlg`
 * still signs until `effectiveAt`, so that keys of `alg` are published before they sign (RFC 7517 key rollover).
 */
export interface SigningSettings {
  alg: SigningAlgorithm;
  previousAlg: SigningAlgorithm | null;
  effectiveAt: number;
}

export interface SigningKeyStore {
  /** Every key, oldest first. */
  list(): Promise<StoredSigningKey[]>;
  /** Undefined until the first keys are created. */
  settings(): Promise<SigningSettings | undefined>;
  /**
   * Stores the first settings and keys (a `current` and a `next` key per algorithm) when there are no settings yet.
   * Returns false, storing nothing, when another process got there first.
   */
  initialize(settings: SigningSettings, keys: StoredSigningKey[]): Promise<boolean>;
  /**
   * Atomically, and only while the settings are still `expected` (else returns false, changing nothing): saves
   * `settings`, stores `addKeys`, and retires the current and next keys of every algorithm in `retireAlgs` at `now`.
   */
  updateSettings(
    expected: SigningSettings,
    settings: SigningSettings,
    change: { addKeys: StoredSigningKey[]; retireAlgs: SigningAlgorithm[]; now: number },
  ): Promise<boolean>;
  /**
   * Atomically: `expectedCurrentKid` (of `newNext.alg`) becomes retired, that algorithm's `next` key becomes current,
   * `newNext` is stored as its next. Returns false, changing nothing, when `expectedCurrentKid` is no longer current
   * (another process rotated).
   */
  rotate(expectedCurrentKid: string, newNext: StoredSigningKey, now: number): Promise<boolean>;
  /** Deletes retired keys retired before `before`; returns how many. */
  deleteRetiredBefore(before: number): Promise<number>;
}

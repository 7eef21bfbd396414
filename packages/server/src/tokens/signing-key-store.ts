// The store contract for signing keys: the key ring's only view of storage.

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

export interface SigningKeyStore {
  list(): Promise<StoredSigningKey[]>;
  /**
   * Stores a first `current` and `next` key when there is no current key yet.
   * Returns false, storing nothing, when another process got there first.
   */
  initialize(current: StoredSigningKey, next: StoredSigningKey): Promise<boolean>;
  /**
   * Atomically: `expectedCurrentKid` becomes retired, the `next` key becomes current, `newNext` is stored as next.
   * Returns false, changing nothing, when `expectedCurrentKid` is no longer current (another process rotated).
   */
  rotate(expectedCurrentKid: string, newNext: StoredSigningKey, now: number): Promise<boolean>;
  /** Deletes retired keys retired before `before`; returns how many. */
  deleteRetiredBefore(before: number): Promise<number>;
}

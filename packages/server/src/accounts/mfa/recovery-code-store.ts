// The store contract for recovery codes: only their hashes (recovery-codes.ts), each usable once.

export interface RecoveryCodeStore {
  /** Replaces every code of `userId` (used or not) with `codeHashes`, so a new set ends the old one. */
  replaceAll(userId: string, codeHashes: string[], now: number): Promise<void>;
  /**
   * Uses the code with this hash if it is `userId`'s and unused, in one statement, so of concurrent uses exactly one
   * succeeds. Returns whether it did.
   */
  use(userId: string, codeHash: string, now: number): Promise<boolean>;
  /** How many of the account's codes are still unused. */
  countUnused(userId: string): Promise<number>;
  /** Forgets every code of the account. */
  deleteAll(userId: string): Promise<void>;
}

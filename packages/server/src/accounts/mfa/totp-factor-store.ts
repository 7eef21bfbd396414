// The store contract for TOTP factors: one per account, its secret sealed with the master key (never stored plain),
// and the last time step a code was accepted for, so no code works twice (RFC 6238 §5.2).

export interface TotpFactor {
  userId: string;
  /** The base32 secret sealed by SecretBox (totp-secret.ts); the store never sees it in the clear. */
  sealedSecret: string;
  createdAt: number;
  /** When a correct code turned it on; null while enrolment is not finished (the factor does not count yet). */
  confirmedAt: number | null;
  /** The last time step whose code was accepted (at enrolment or sign-in); null before the first. */
  lastUsedStep: number | null;
}

export interface TotpFactorStore {
  findByUser(userId: string): Promise<TotpFactor | undefined>;
  /**
   * Stores a new, unconfirmed factor for `userId`, replacing an unconfirmed one; returns false, changing nothing,
   * when the account already has a confirmed factor (it must be turned off first).
   */
  savePending(userId: string, sealedSecret: string, now: number): Promise<boolean>;
  /**
   * Uses the code of time step `step`: records it as the last used step only if it is later than the one recorded
   * (in one statement, so of concurrent uses of one code exactly one succeeds), and, with `confirm`, turns an
   * unconfirmed factor on. Returns false, changing nothing, when the step is not later, when there is no factor, or
   * when the factor's confirmation state is not the one expected (`confirm`: unconfirmed; otherwise: confirmed).
   */
  useStep(userId: string, step: number, now: number, confirm: boolean): Promise<boolean>;
  /** Forgets the account's factor, confirmed or not; returns false when there was none. */
  delete(userId: string): Promise<boolean>;
}

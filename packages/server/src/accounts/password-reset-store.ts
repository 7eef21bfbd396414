// The store contract for password-reset links: only each link's SHA-256 is kept, and a link works once.

export interface PasswordReset {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface PasswordResetStore {
  create(reset: PasswordReset): Promise<void>;
  /** How many links were made for the user at or after `since` (to cap reset emails per account). */
  countCreatedSince(userId: string, since: number): Promise<number>;
  /** The link, if it exists, is unused and has not expired at `now`; does not use it up. */
  findUsable(tokenHash: string, now: number): Promise<PasswordReset | undefined>;
  /**
   * Uses the link up and, with it, every other open link of the same user. Returns the user id, or undefined when
   * the link was not usable; exactly one of any number of concurrent calls gets the user id.
   */
  consume(tokenHash: string, now: number): Promise<string | undefined>;
  /** Forgets links that expired before `now`. */
  purgeExpired(now: number): Promise<number>;
}

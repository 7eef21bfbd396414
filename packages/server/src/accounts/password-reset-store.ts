// The store contract for password-reset links: only each link's SHA-256 is kept, and a link works once.
import type { Purgeable } from '../purgeable.js';

export interface PasswordReset {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  /**
   * The user's credentials version when the link was sent. The link is usable only while the user still has it, so a
   * password change by any means, or disabling the account, ends every link sent before.
   */
  credentialsVersion: number;
  /**
   * The authorization request the person was in when they asked for the link (a path into this issuer's
   * /oauth2/authorize, checked by the page before it is stored and again when it is used), to go back to after the
   * reset; undefined without one. Kept here, never read from the link's URL.
   */
  returnTo: string | undefined;
}

/** A cap on emailed links per account or address: at most `max` in each fixed window of `windowSeconds`. */
export interface LinkLimit {
  max: number;
  windowSeconds: number;
}

export interface PasswordResetStore extends Purgeable {
  /**
   * Stores the link unless the user already has `limit.max` links in the current window; returns whether it was
   * stored. Atomic: any number of concurrent calls, on any number of instances, store at most `limit.max`.
   */
  createWithinLimit(reset: PasswordReset, limit: LinkLimit): Promise<boolean>;
  /**
   * The link, if it exists, is unused, has not expired at `now` and the user's credentials have not changed since it
   * was sent; does not use it up.
   */
  findUsable(tokenHash: string, now: number): Promise<PasswordReset | undefined>;
  /**
   * Uses the link and the user's other links. Returns the user id, or undefined when the link was not usable, in which
   * case nothing changed. Exactly one of any number of concurrent calls for one link succeeds, and none after the
   * user's credentials changed. Setting the password and signing out are the caller's, in the same unit of work
   * (redeemPasswordReset).
   */
  redeem(tokenHash: string, now: number): Promise<string | undefined>;
  /** Forgets links that expired before `now`. */
  purgeExpired(now: number): Promise<number>;
}

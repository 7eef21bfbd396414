// The store contract for sign-up links: only each link's SHA-256 is kept, and a link works once.
import type { Purgeable } from '../purgeable.js';
import type { LinkLimit } from './password-reset-store.js';

export interface SignUpLink {
  tokenHash: string;
  /** The normalized email the link was sent to: the account it creates has it, verified. */
  email: string;
  name: string | undefined;
  createdAt: number;
  expiresAt: number;
  /**
   * The authorization request the person was in when they asked for the link (a path into this issuer's
   * /oauth2/authorize, checked by the page before it is stored and again when it is used), to continue once the
   * account exists; undefined without one. Kept here, never read from the link's URL.
   */
  returnTo: string | undefined;
}

export interface SignUpLinkStore extends Purgeable {
  /**
   * Stores the link unless `limit.max` links went to that email in the current window; returns whether it was
   * stored. Atomic across concurrent calls and instances.
   */
  createWithinLimit(link: SignUpLink, limit: LinkLimit): Promise<boolean>;
  /** The link, if it exists, is unused and has not expired at `now`; does not use it up. */
  findUsable(tokenHash: string, now: number): Promise<SignUpLink | undefined>;
  /**
   * Uses the link and every other link to the same email; returns the link, or undefined when it was not usable.
   * Exactly one of any number of concurrent calls for one link gets it.
   */
  redeem(tokenHash: string, now: number): Promise<SignUpLink | undefined>;
  /** Forgets links that expired before `now`. */
  purgeExpired(now: number): Promise<number>;
}

// The store contract for browser sessions; the cookie value is never stored, only its SHA-256.
import type { Purgeable } from '../purgeable.js';

export interface Session {
  idHash: string;
  /** Public identifier for the ID token's `sid` and for logout. */
  sid: string;
  userId: string;
  authTime: number;
  /** RFC 8176 authentication method references, e.g. ["pwd"]. */
  amr: string[];
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** The user's credentials version when the password was checked; an older one than the user's ends the session. */
  credentialsVersion: number;
  /**
   * When a second factor was last used in this session (at sign-in, or a later step-up), or null: kept apart from
   * authTime, so two factors count only for as long as a request's max_age allows (authentication-context.ts).
   */
  secondFactorAt: number | null;
  /** The browser's User-Agent and network address at sign-in (bounded), for the person's list of sessions. */
  userAgent: string | null;
  ipAddress: string | null;
}

export interface SessionStore extends Purgeable {
  create(session: Session): Promise<void>;
  findByIdHash(idHash: string): Promise<Session | undefined>;
  /** By the public session id (an ID token's or authorization code's `sid`). */
  findBySid(sid: string): Promise<Session | undefined>;
  touch(idHash: string, now: number): Promise<void>;
  /** The user's sessions, most recently seen first (expired ones may be among them until purged). */
  listForUser(userId: string): Promise<Session[]>;
  /**
   * Records a second factor used at `at` in the session (a step-up): its methods become `amr`, its secondFactorAt
   * `at`; its authTime stays. Returns false when the session is gone.
   */
  recordSecondFactor(idHash: string, amr: string[], at: number): Promise<boolean>;
  /** Ends the session; returns false when there was none. */
  end(idHash: string): Promise<boolean>;
  /** Ends every session of the user (sign-out everywhere); returns how many there were. */
  endAllForUser(userId: string): Promise<number>;
  /** Ends sessions past their absolute end or idle since before `idleBefore`. */
  purgeExpired(now: number, idleBefore: number): Promise<number>;
}

// Server-side browser sessions: random ids handed out once in a cookie, stored hashed, with idle and absolute limits.
import { createHash } from 'node:crypto';
import { type Clock, epochSeconds } from '../clock.js';
import { generateOpaqueSecret, generateRandomId } from '../crypto/opaque-secret.js';
import { isMultiFactor } from './authentication-context.js';
import type { Session, SessionStore } from './session-store.js';

/** Keycloak's defaults: 30 minutes idle, 10 hours at most. */
export const SESSION_IDLE_SECONDS = 30 * 60;
export const SESSION_MAX_SECONDS = 10 * 60 * 60;

const hashSessionId = (id: string) => createHash('sha256').update(id).digest('base64url');

/** Where a browser signs in from, as the account page lists it; either may be unknown. */
export interface SessionDevice {
  userAgent?: string | undefined;
  ipAddress?: string | undefined;
}

/** A User-Agent is kept only as far as the account page could use it. */
const MAX_USER_AGENT_LENGTH = 512;

export class SessionManager {
  readonly #store: SessionStore;
  readonly #clock: Clock;

  constructor(store: SessionStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * Starts a session for `user` as read before its password was checked (its credentials version then); returns
   * the cookie value, which is never stored.
   */
  async start(
    user: { id: string; credentialsVersion: number },
    amr: string[],
    device: SessionDevice = {},
  ): Promise<{ cookieValue: string; session: Session }> {
    const now = epochSeconds(this.#clock);
    const cookieValue = generateOpaqueSecret();
    const session: Session = {
      idHash: hashSessionId(cookieValue),
      sid: generateRandomId(),
      userId: user.id,
      authTime: now,
      amr,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + SESSION_MAX_SECONDS,
      credentialsVersion: user.credentialsVersion,
      secondFactorAt: isMultiFactor(amr) ? now : null,
      userAgent: device.userAgent?.slice(0, MAX_USER_AGENT_LENGTH) ?? null,
      ipAddress: device.ipAddress?.slice(0, 64) ?? null,
    };
    await this.#store.create(session);
    return { cookieValue, session };
  }

  /** The live session for a cookie value, refreshing its idle timer; expired sessions are ended. */
  async resume(cookieValue: string | undefined): Promise<Session | undefined> {
    if (!cookieValue || cookieValue.length > 100) return undefined;
    const idHash = hashSessionId(cookieValue);
    const session = await this.#store.findByIdHash(idHash);
    if (!session) return undefined;
    const now = epochSeconds(this.#clock);
    if (now >= session.expiresAt || now - session.lastSeenAt >= SESSION_IDLE_SECONDS) {
      await this.#store.end(idHash);
      return undefined;
    }
    // Writing on every request would cost a write per page view; a minute of slack in the idle timer is fine.
    if (now - session.lastSeenAt >= 60) await this.#store.touch(idHash, now);
    return { ...session, lastSeenAt: now };
  }

  async end(cookieValue: string | undefined): Promise<void> {
    if (cookieValue) await this.#store.end(hashSessionId(cookieValue));
  }

  /**
   * Records a second factor just used in `session` (a step-up): its methods become `amr` and two factors count from
   * now, while its sign-in time stays. Returns false when the session has ended meanwhile.
   */
  recordSecondFactor(session: Pick<Session, 'idHash'>, amr: string[]): Promise<boolean> {
    return this.#store.recordSecondFactor(session.idHash, amr, epochSeconds(this.#clock));
  }

  /** The user's live sessions, most recently seen first. */
  async listForUser(userId: string): Promise<Session[]> {
    const now = epochSeconds(this.#clock);
    return (await this.#store.listForUser(userId)).filter(
      (session) => now < session.expiresAt && now - session.lastSeenAt < SESSION_IDLE_SECONDS,
    );
  }

  /** Ends the session with public id `sid` if it is `userId`'s (as named by a verified ID token). */
  async endBySid(sid: string, userId: string): Promise<void> {
    const session = await this.#store.findBySid(sid);
    if (session?.userId === userId) await this.#store.end(session.idHash);
  }
}

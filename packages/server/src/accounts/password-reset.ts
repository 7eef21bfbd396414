// Password reset by email ("Forgot your password?"): a single-use link, valid 30 minutes, that lets the owner of the
// account's mailbox set a new password. Asking for a link answers the same, at the same speed, whether or not the
// account exists: the look-up and the email happen after the response, in the background.
import type { Logger } from 'pino';
import { type Clock, epochSeconds } from '../clock.js';
import { generateOpaqueSecret, hashOpaqueSecret } from '../crypto/opaque-secret.js';
import type { Mailer } from '../mail/mailer.js';
import type { GrantStore } from '../oauth/grant-store.js';
import type { PasswordHasher } from './password-hasher.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { PasswordResetStore } from './password-reset-store.js';
import type { SessionStore } from './session-store.js';
import type { User, UserStore } from './user.js';

/** How long a reset link works. OWASP's Forgot Password Cheat Sheet asks for a short life; Keycloak uses 5 min to 12 h. */
export const RESET_LINK_SECONDS = 30 * 60;
/** At most this many reset emails per account per window, so the form cannot be used to flood a mailbox. */
export const MAX_RESET_EMAILS_PER_WINDOW = 3;
export const RESET_EMAIL_WINDOW_SECONDS = 15 * 60;
/** Requests waiting for their look-up and email beyond this are dropped (and logged), bounding memory. */
const MAX_PENDING_REQUESTS = 1000;
/** The links' secret: 256 bits in base64url. */
const RESET_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export class PasswordResetError extends Error {
  readonly code = 'invalid_reset_link';
  constructor() {
    super('This password reset link has expired or was already used. Ask for a new one.');
    this.name = 'PasswordResetError';
  }
}

export interface PasswordResetDependencies {
  issuer: string;
  users: UserStore;
  resets: PasswordResetStore;
  sessions: SessionStore;
  grants: GrantStore;
  hasher: PasswordHasher;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
}

export class PasswordResets {
  readonly #deps: PasswordResetDependencies;
  readonly #pending = new Set<Promise<void>>();

  constructor(deps: PasswordResetDependencies) {
    this.#deps = deps;
  }

  /**
   * Sends a reset link to the account with this email, if there is an enabled one. Returns at once, before the
   * account is even looked up, so neither the answer nor its timing can tell whether the account exists.
   */
  request(email: string): void {
    if (this.#pending.size >= MAX_PENDING_REQUESTS) {
      this.#deps.logger.warn(
        'password reset requests are arriving faster than they can be sent; one was dropped',
      );
      return;
    }
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#sendLink(email))
      .catch((error: unknown) => {
        // The error names the SMTP or database failure; the message being sent (with its link) is not in it.
        const { name, message, code } = error as { name?: string; message?: string; code?: string };
        this.#deps.logger.error({ err: { name, message, code } }, 'could not send a password reset email');
      })
      .finally(() => this.#pending.delete(work));
    this.#pending.add(work);
  }

  /** Resolves once every request made so far has been handled (used by tests and at shutdown). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** The account a link resets, while the link is usable. */
  async accountFor(token: string): Promise<User | undefined> {
    if (!RESET_TOKEN.test(token)) return undefined;
    const reset = await this.#deps.resets.findUsable(hashOpaqueSecret(token), epochSeconds(this.#deps.clock));
    if (!reset) return undefined;
    const user = await this.#deps.users.findById(reset.userId);
    return user && user.disabledAt === null ? user : undefined;
  }

  /**
   * Sets the account's new password through a link, then signs the account out everywhere: its sessions end and
   * every grant (refresh tokens, access tokens on introspection) is revoked. Throws PasswordResetError when the link
   * is not usable and PasswordPolicyError when the password is refused, in which case the link still works.
   */
  async complete(token: string, newPassword: string): Promise<User> {
    const { users, resets, sessions, grants, hasher, clock, logger } = this.#deps;
    const user = await this.accountFor(token);
    if (!user) throw new PasswordResetError();
    checkPasswordPolicy(newPassword, user.email);
    const passwordHash = await hasher.hash(newPassword);
    const now = epochSeconds(clock);
    // Using the link up is the atomic step: of two concurrent submissions, one wins and the other is refused.
    if ((await resets.consume(hashOpaqueSecret(token), now)) !== user.id) throw new PasswordResetError();
    await users.updatePasswordHash(user.id, passwordHash, now);
    // The link reached the mailbox, so the address is proven.
    await users.markEmailVerified(user.id, now);
    const endedSessions = await sessions.endAllForUser(user.id);
    await grants.revokeAllForUser(user.id, now);
    logger.info({ userId: user.id, endedSessions }, 'password reset; the account is signed out everywhere');
    return user;
  }

  async #sendLink(email: string): Promise<void> {
    const { issuer, users, resets, mailer, clock, logger } = this.#deps;
    const user = await users.findByEmail(email);
    if (!user || user.disabledAt !== null) return;
    const now = epochSeconds(clock);
    const recent = await resets.countCreatedSince(user.id, now - RESET_EMAIL_WINDOW_SECONDS);
    if (recent >= MAX_RESET_EMAILS_PER_WINDOW) {
      logger.info({ userId: user.id }, 'password reset email not sent: too many asked for in 15 minutes');
      return;
    }
    const token = generateOpaqueSecret();
    await resets.create({
      tokenHash: hashOpaqueSecret(token),
      userId: user.id,
      createdAt: now,
      expiresAt: now + RESET_LINK_SECONDS,
    });
    const link = `${issuer}/reset-password?token=${token}`;
    await mailer.send({
      to: user.email,
      subject: 'Reset your password',
      text: [
        `Someone, hopefully you, asked to reset the password of the account ${user.email} at ${issuer}.`,
        '',
        `To choose a new password, open this link within ${RESET_LINK_SECONDS / 60} minutes. It works once.`,
        '',
        link,
        '',
        'If you did not ask for this, ignore this email: your password stays as it is.',
        '',
      ].join('\n'),
    });
    logger.info({ userId: user.id }, 'password reset email sent');
  }
}

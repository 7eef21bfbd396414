// Password reset by email ("Forgot your password?"): a single-use link, valid 30 minutes, that lets the owner of the
// account's mailbox set a new password; the same link sets the first password of an account created without one. Asking for a link answers the same, at the same speed, whether or not the
// account exists: the look-up and the email happen after the response, in the background.

import { epochSeconds } from '../clock.js';
import { generateOpaqueSecret, hashOpaqueSecret, hasOpaqueSecretShape } from '../crypto/opaque-secret.js';
import { countNetworkRequest, type RequestLimit } from '../limits/network-request-limit.js';
import { TesseraError } from '../tessera-error.js';
import type { EmailedLinkDependencies, MailRequestOutcome } from './background-mail.js';
import { isActiveAccount } from './live-account.js';
import { forgetAccountFailures } from './login-throttle.js';
import { checkPasswordPolicy } from './password-policy.js';
import type { LinkLimit, PasswordResetStore } from './password-reset-store.js';
import { type RedeemPasswordResetStores, redeemPasswordReset } from './redeem-password-reset.js';
import { SIGN_IN_PATH } from './sign-in-with-password.js';
import { isDeliverableEmail, normalizeEmail, type User } from './user.js';

/** How long a reset link works: short, as OWASP's Forgot Password Cheat Sheet asks. */
export const RESET_LINK_SECONDS = 30 * 60;
/** The page the emailed link opens (ui/password-reset-pages.ts), which moves the token out of the URL. */
export const RESET_LINK_PATH = '/reset-password';
/**
 * At most three reset emails per account in each fixed 15-minute window (so at most six across a window's edge),
 * so the form cannot be used to flood one mailbox.
 */
export const RESET_EMAILS_PER_ACCOUNT: LinkLimit = { max: 3, windowSeconds: 15 * 60 };
/** At most ten requests per client address (IPv6: per /64) per fixed 15-minute window. */
export const RESET_REQUESTS_PER_ADDRESS: RequestLimit = { kind: 'reset', max: 10, windowSeconds: 15 * 60 };

export class PasswordResetError extends TesseraError {
  readonly code = 'invalid_reset_link';
  constructor() {
    super('This password reset link has expired or was already used. Ask for a new one.');
    this.name = 'PasswordResetError';
  }
}

/** What a usable reset link opens. */
export interface OpenResetLink {
  user: User;
  /** The pending authorization request to go back to after the reset (see PasswordReset.returnTo). */
  returnTo: string | undefined;
}

export interface PasswordResetDependencies extends EmailedLinkDependencies {
  resets: PasswordResetStore;
  /** Where a link is redeemed: the link, the password and the sign-out in one transaction. */
  stores: RedeemPasswordResetStores;
}

export class PasswordResets {
  readonly #deps: PasswordResetDependencies;

  constructor(deps: PasswordResetDependencies) {
    this.#deps = deps;
  }

  /**
   * Sends a reset link to the account with this email, if there is an enabled one. Returns before the account is
   * even looked up, so neither the outcome nor its timing can tell whether the account exists: the outcome depends
   * only on the client address's recent requests and on how many emails are still waiting to go out. `returnTo`, the
   * authorization request the person was in (already checked by the page), is kept with the link.
   */
  async request(email: string, clientAddress: string, returnTo?: string): Promise<MailRequestOutcome> {
    const { rateLimits, clock, background } = this.#deps;
    const now = epochSeconds(clock);
    const counted = await countNetworkRequest(rateLimits, RESET_REQUESTS_PER_ADDRESS, clientAddress, now);
    if (!counted.allowed) {
      return { accepted: false, reason: 'too_many_requests', retryAfterSeconds: counted.retryAfterSeconds };
    }
    if (!background.enqueue(() => this.#sendLink(email, returnTo), 'could not send a password reset email')) {
      return { accepted: false, reason: 'busy' };
    }
    return { accepted: true };
  }

  /** The account a link resets, and the authorization request it was asked for from, while the link is usable. */
  async linkFor(token: string): Promise<OpenResetLink | undefined> {
    if (!hasOpaqueSecretShape(token)) return undefined;
    const reset = await this.#deps.resets.findUsable(hashOpaqueSecret(token), epochSeconds(this.#deps.clock));
    if (!reset) return undefined;
    const user = await this.#deps.users.findById(reset.userId);
    return isActiveAccount(user) ? { user, returnTo: reset.returnTo } : undefined;
  }

  /**
   * Sets the account's new password through a link and signs the account out everywhere (sessions end, every grant
   * with its refresh and access tokens is revoked), all in one transaction. Throws PasswordResetError when the link
   * is not usable and PasswordPolicyError when the password is refused, in which case the link still works.
   */
  async complete(token: string, newPassword: string): Promise<User> {
    const { stores, hasher, clock, logger } = this.#deps;
    const user = (await this.linkFor(token))?.user;
    if (!user) throw new PasswordResetError();
    checkPasswordPolicy(newPassword, user.email);
    const passwordHash = await hasher.hash(newPassword);
    // Of two concurrent submissions of one link, exactly one gets past this; the other is refused.
    const redeemedFor = await redeemPasswordReset(
      stores,
      hashOpaqueSecret(token),
      passwordHash,
      epochSeconds(clock),
    );
    if (redeemedFor !== user.id) throw new PasswordResetError();
    // Failed guesses at the old password no longer hold the account back.
    await forgetAccountFailures(this.#deps.rateLimits, normalizeEmail(user.email));
    logger.info({ userId: user.id }, 'password reset; the account is signed out everywhere');
    return user;
  }

  async #sendLink(email: string, returnTo: string | undefined): Promise<void> {
    const user = await this.#deps.users.findByEmail(email);
    if (!isActiveAccount(user)) return;
    await sendPasswordLink(this.#deps, user, 'reset', returnTo);
  }
}

/** What emailing a password link to a known account needs: no request throttling, no background queue. */
export type PasswordLinkDependencies = Pick<
  PasswordResetDependencies,
  'issuer' | 'resets' | 'mailer' | 'clock' | 'logger'
>;

/** Why the link is sent: a forgotten password, or an account created without one (`tessera users create`). */
export type PasswordLinkPurpose = 'reset' | 'set';

const LINK_MAIL: Record<
  PasswordLinkPurpose,
  { subject: string; intro: (email: string, issuer: string) => string }
> = {
  reset: {
    subject: 'Reset your password',
    intro: (email, issuer) =>
      `Someone, hopefully you, asked to reset the password of the account ${email} at ${issuer}.`,
  },
  set: {
    subject: 'Set your password',
    intro: (email, issuer) =>
      `An account was created for you, ${email}, at ${issuer}. It has no password yet.`,
  },
};

/**
 * Emails `user` a single-use link to choose a password (the reset link: same lifetime, same per-account limit) and
 * resolves once the mail server took it. Returns whether it was sent; rejects with the SMTP error. `returnTo`, the
 * authorization request a reset was asked for from, is kept with the link (PasswordReset.returnTo).
 */
export async function sendPasswordLink(
  deps: PasswordLinkDependencies,
  user: User,
  purpose: PasswordLinkPurpose,
  returnTo?: string,
): Promise<boolean> {
  const { issuer, resets, mailer, clock, logger } = deps;
  // An address that a mail library could read as several addresses, or as another one, never gets a link.
  if (!isDeliverableEmail(user.email)) {
    logger.warn(
      { userId: user.id },
      'password reset email not sent: the account email is not a plain address',
    );
    return false;
  }
  const now = epochSeconds(clock);
  const token = generateOpaqueSecret();
  const reset = {
    tokenHash: hashOpaqueSecret(token),
    userId: user.id,
    createdAt: now,
    expiresAt: now + RESET_LINK_SECONDS,
    credentialsVersion: user.credentialsVersion,
    returnTo,
  };
  if (!(await resets.createWithinLimit(reset, RESET_EMAILS_PER_ACCOUNT))) {
    logger.info(
      { userId: user.id },
      'password reset email not sent: three went out in this 15-minute window',
    );
    return false;
  }
  const link = `${issuer}${RESET_LINK_PATH}?token=${token}`;
  const mail = LINK_MAIL[purpose];
  await mailer.send({
    to: user.email,
    subject: mail.subject,
    text: [
      mail.intro(user.email, issuer),
      '',
      `To choose ${purpose === 'reset' ? 'a new' : 'your'} password, open this link within ${RESET_LINK_SECONDS / 60} minutes. It works once.`,
      '',
      link,
      '',
      purpose === 'reset'
        ? 'If you did not ask for this, ignore this email: your password stays as it is.'
        : `If the link has expired, ask for a new one with "Forgot your password?" at ${issuer}${SIGN_IN_PATH}.`,
      '',
    ].join('\n'),
  });
  logger.info(
    { userId: user.id },
    purpose === 'reset' ? 'password reset email sent' : 'set-password email sent',
  );
  return true;
}

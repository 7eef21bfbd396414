// Sign-up by email, used when outgoing mail is configured: the form asks only for the email (and a name); the account
// is created when the owner of that mailbox follows the emailed link and chooses a password. So no one can claim an
// address they do not receive, and the answer to the form is the same, at the same speed, for a registered email.

import { type Clock, epochSeconds } from '../clock.js';
import { generateOpaqueSecret, hashOpaqueSecret, hasOpaqueSecretShape } from '../crypto/opaque-secret.js';
import type { CounterStore } from '../limits/counter-store.js';
import type { LimitDecision } from '../limits/limit-decision.js';
import { countNetworkRequest, type RequestLimit } from '../limits/network-request-limit.js';
import { TesseraError } from '../tessera-error.js';
import type { EmailedLinkDependencies, MailRequestOutcome } from './background-mail.js';
import { prepareUser } from './create-user.js';
import type { LinkLimit } from './password-reset-store.js';
import {
  type RedeemSignUpLinkStores,
  redeemSignUpLink,
  type SignUpRedemption,
} from './redeem-sign-up-link.js';
import type { SignUpLink, SignUpLinkStore } from './signup-link-store.js';
import { normalizeEmail, type User, UserExistsError } from './user.js';

/** How long a sign-up link works. */
export const SIGNUP_LINK_SECONDS = 30 * 60;
/** The page the emailed link opens (ui/signup-page.ts), which moves the token out of the URL. */
export const SIGNUP_LINK_PATH = '/signup/complete';
/** At most three sign-up emails per address in each fixed 15-minute window, so the form cannot flood a mailbox. */
export const SIGNUP_EMAILS_PER_ADDRESS: LinkLimit = { max: 3, windowSeconds: 15 * 60 };
/** Each sign-up may send an email or create an account: ten per network (IPv6: /64) per 15 minutes. */
export const SIGNUPS_PER_NETWORK: RequestLimit = { kind: 'signup', max: 10, windowSeconds: 15 * 60 };

/**
 * Counts one sign-up (an email sent, or an account made: by the form, or on an invitation's page) against the
 * client's network, the one limit all of them share.
 */
export function countSignUp(
  deps: { rateLimits: CounterStore; clock: Clock },
  clientAddress: string,
): Promise<LimitDecision> {
  return countNetworkRequest(deps.rateLimits, SIGNUPS_PER_NETWORK, clientAddress, epochSeconds(deps.clock));
}

export class SignUpLinkError extends TesseraError {
  readonly code = 'invalid_signup_link';
  constructor() {
    super('This sign-up link has expired or was already used. Sign up again.');
    this.name = 'SignUpLinkError';
  }
}

export interface SignUpDependencies extends EmailedLinkDependencies {
  links: SignUpLinkStore;
  /** Where a link is redeemed: the link and the new account in one transaction. */
  stores: RedeemSignUpLinkStores;
}

export class SignUps {
  readonly #deps: SignUpDependencies;

  constructor(deps: SignUpDependencies) {
    this.#deps = deps;
  }

  /**
   * Emails a link to finish creating the account, unless the email already has one (then nothing is sent). Returns
   * before the email is even looked up; `email` must already be a deliverable address (isDeliverableEmail).
   * `returnTo`, the authorization request the person was in (already checked by the page), is kept with the link.
   */
  async request(
    email: string,
    name: string | undefined,
    clientAddress: string,
    returnTo?: string,
  ): Promise<MailRequestOutcome> {
    const { background } = this.#deps;
    const counted = await countSignUp(this.#deps, clientAddress);
    if (!counted.allowed) {
      return { accepted: false, reason: 'too_many_requests', retryAfterSeconds: counted.retryAfterSeconds };
    }
    if (!background.enqueue(() => this.#sendLink(email, name, returnTo), 'could not send a sign-up email')) {
      return { accepted: false, reason: 'busy' };
    }
    return { accepted: true };
  }

  /** The sign-up a link finishes, while the link is usable. */
  async linkFor(token: string): Promise<SignUpLink | undefined> {
    if (!hasOpaqueSecretShape(token)) return undefined;
    return this.#deps.links.findUsable(hashOpaqueSecret(token), epochSeconds(this.#deps.clock));
  }

  /**
   * Creates the account of the link's email, verified, with this password. Throws SignUpLinkError when the link is
   * not usable (or the email was registered meanwhile) and PasswordPolicyError when the password is refused, in
   * which case the link still works.
   */
  async complete(token: string, password: string): Promise<User> {
    const { stores, hasher, clock, logger } = this.#deps;
    const link = await this.linkFor(token);
    if (!link) throw new SignUpLinkError();
    // The hashing happens before the unit of work, which holds its locks until it ends.
    const account = await prepareUser(
      { email: link.email, password, name: link.name, emailVerified: true },
      hasher,
      clock,
    );
    let redemption: SignUpRedemption;
    try {
      // Of two submissions of one link, exactly one gets past this.
      redemption = await redeemSignUpLink(stores, link.tokenHash, account, epochSeconds(clock));
    } catch (error) {
      if (error instanceof UserExistsError) throw new SignUpLinkError();
      throw error;
    }
    if (redemption !== 'created') throw new SignUpLinkError();
    logger.info({ userId: account.id }, 'account created through a sign-up link');
    return account;
  }

  async #sendLink(email: string, name: string | undefined, returnTo: string | undefined): Promise<void> {
    const { issuer, users, links, mailer, clock, logger } = this.#deps;
    // An email that has an account gets nothing: its owner can sign in, or reset the password.
    if (await users.findByEmail(email)) return;
    const now = epochSeconds(clock);
    const token = generateOpaqueSecret();
    const link = {
      tokenHash: hashOpaqueSecret(token),
      email: normalizeEmail(email),
      name,
      createdAt: now,
      expiresAt: now + SIGNUP_LINK_SECONDS,
      returnTo,
    };
    if (!(await links.createWithinLimit(link, SIGNUP_EMAILS_PER_ADDRESS))) {
      logger.info('sign-up email not sent: three went to that address in this 15-minute window');
      return;
    }
    // Links land on a page that moves the token out of the URL (see signup-page.ts).
    await mailer.send({
      to: link.email,
      subject: 'Finish creating your account',
      text: [
        `Someone, hopefully you, asked to create an account for ${link.email} at ${issuer}.`,
        '',
        `To choose its password and finish, open this link within ${SIGNUP_LINK_SECONDS / 60} minutes. It works once.`,
        '',
        `${issuer}${SIGNUP_LINK_PATH}?token=${token}`,
        '',
        'If you did not ask for this, ignore this email: no account is created.',
        '',
      ].join('\n'),
    });
    logger.info('sign-up email sent');
  }
}

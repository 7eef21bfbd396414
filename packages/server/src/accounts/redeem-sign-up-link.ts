// Redeeming a sign-up link: one unit of work that uses the link and creates its account, so that either both happen
// or neither does, and a failure in between neither uses the link up nor leaves an account behind.
import type { Transactional } from '../unit-of-work.js';
import type { SignUpLinkStore } from './signup-link-store.js';
import type { User, UserStore } from './user.js';

export type RedeemSignUpLinkStores = Transactional<{ signUpLinks: SignUpLinkStore; users: UserStore }>;

/**
 * What became of a redemption: `created`; `unusable` when the link was used, expired or unknown (nothing changed);
 * `email_taken` when the link's email was registered meanwhile (the link is used up, no account is created).
 */
export type SignUpRedemption = 'created' | 'unusable' | 'email_taken';

/**
 * Uses the link whose secret hashes to `tokenHash` (and the email's other links) and, in the same transaction, stores
 * `account`, prepared beforehand for the link's email (prepareUser: its password already hashed, since the transaction
 * holds its locks until it ends). Exactly one of any number of concurrent calls for one link gets past the redemption
 * (SignUpLinkStore.redeem); UserExistsError, when another account took the email between the check and the write,
 * rolls everything back.
 */
export function redeemSignUpLink(
  stores: RedeemSignUpLinkStores,
  tokenHash: string,
  account: User,
  now: number,
): Promise<SignUpRedemption> {
  return stores.transaction(async (unit) => {
    const link = await unit.signUpLinks.redeem(tokenHash, now);
    if (!link) return 'unusable';
    if (await unit.users.findByEmail(link.email)) return 'email_taken';
    await unit.users.create(account);
    return 'created';
  });
}

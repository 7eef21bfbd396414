// Redeeming a password-reset link: one unit of work that uses the link, sets the new password and signs the account
// out everywhere, so that either all of it happens or none does.
import type { Transactional } from '../unit-of-work.js';
import type { PasswordResetStore } from './password-reset-store.js';
import { type SignOutStoreSet, signOutEverywhere } from './sign-out-everywhere.js';
import type { UserStore } from './user.js';

export type RedeemPasswordResetStores = Transactional<
  SignOutStoreSet & { passwordResets: PasswordResetStore; users: UserStore }
>;

/**
 * Uses the link whose secret hashes to `tokenHash` (and the user's other links) and, in the same transaction, sets
 * the user's new password hash, marks the email verified (the link reached the mailbox), ends every session and
 * revokes every grant of the user. Returns the user id, or undefined when the link was not usable, in which case
 * nothing changed. Exactly one of any number of concurrent calls for one link succeeds, and none after the user's
 * credentials changed (PasswordResetStore.redeem).
 */
export function redeemPasswordReset(
  stores: RedeemPasswordResetStores,
  tokenHash: string,
  passwordHash: string,
  now: number,
): Promise<string | undefined> {
  return stores.transaction(async (unit) => {
    const userId = await unit.passwordResets.redeem(tokenHash, now);
    if (userId === undefined) return undefined;
    await unit.users.setPassword(userId, passwordHash, now, { emailVerified: true });
    await signOutEverywhere(unit, userId, now);
    return userId;
  });
}

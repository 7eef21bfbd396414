// Sets an account's password on an administrator's behalf, under the sign-up rules, and signs it out everywhere.
import { type Clock, epochSeconds } from '../clock.js';
import type { CounterStore } from '../limits/counter-store.js';
import type { Transactional } from '../unit-of-work.js';
import { findUser, UserNotFoundError } from './find-user.js';
import { forgetAccountFailures } from './login-throttle.js';
import type { PasswordHasher } from './password-hasher.js';
import { checkPasswordPolicy } from './password-policy.js';
import { type SignOutStoreSet, signOutEverywhere } from './sign-out-everywhere.js';
import { normalizeEmail, type User, type UserStore } from './user.js';

export type SetPasswordDependencies = Transactional<SignOutStoreSet & { users: UserStore }> & {
  rateLimits: CounterStore;
  hasher: PasswordHasher;
  clock: Clock;
};

/**
 * Sets the password of the account named by email or id (raising its credentials version) and, in the same
 * transaction, ends its sessions and grants; then forgets failed guesses at the old password. Throws
 * UserNotFoundError when there is no such account and PasswordPolicyError when the password is refused, in which case
 * nothing changed.
 */
export async function setPassword(
  deps: SetPasswordDependencies,
  reference: string,
  password: string,
): Promise<User> {
  const user = await findUser(deps.users, reference);
  checkPasswordPolicy(password, user.email);
  const now = epochSeconds(deps.clock);
  const passwordHash = await deps.hasher.hash(password);
  await deps.transaction(async (stores) => {
    if (!(await stores.users.setPassword(user.id, passwordHash, now))) throw new UserNotFoundError(reference);
    await signOutEverywhere(stores, user.id, now);
  });
  await forgetAccountFailures(deps.rateLimits, normalizeEmail(user.email));
  return user;
}

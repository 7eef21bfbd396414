// Disables an account on an administrator's behalf: it can no longer sign in, and is signed out everywhere.
import { type Clock, epochSeconds } from '../clock.js';
import type { Transactional } from '../unit-of-work.js';
import { findUser, UserNotFoundError } from './find-user.js';
import { type SignOutStoreSet, signOutEverywhere } from './sign-out-everywhere.js';
import type { User, UserStore } from './user.js';

export type DisableUserDependencies = Transactional<SignOutStoreSet & { users: UserStore }> & {
  clock: Clock;
};

/**
 * Disables the account named by email or id (which raises its credentials version, so sign-ins in flight end too)
 * and, in the same transaction, ends its sessions and revokes its grants. Throws UserNotFoundError when there is no
 * such account.
 */
export async function disableUser(deps: DisableUserDependencies, reference: string): Promise<User> {
  const user = await findUser(deps.users, reference);
  const now = epochSeconds(deps.clock);
  await deps.transaction(async (stores) => {
    if (!(await stores.users.disable(user.id, now))) throw new UserNotFoundError(reference);
    await signOutEverywhere(stores, user.id, now);
  });
  return user;
}

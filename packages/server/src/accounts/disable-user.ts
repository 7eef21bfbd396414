// Disables an account on an administrator's behalf: it can no longer sign in, and is signed out everywhere.
import { type Clock, epochSeconds } from '../clock.js';
import type { GrantStore } from '../oauth/grant-store.js';
import { findUser, UserNotFoundError } from './find-user.js';
import type { SessionStore } from './session-store.js';
import { signOutEverywhere } from './sign-out-everywhere.js';
import type { User, UserStore } from './user.js';

export interface DisableUserDependencies {
  users: UserStore;
  sessions: SessionStore;
  grants: GrantStore;
  clock: Clock;
}

/**
 * Disables the account named by email or id (which raises its credentials version, so sign-ins in flight end too),
 * then ends its sessions and revokes its grants. Throws UserNotFoundError when there is no such account.
 */
export async function disableUser(deps: DisableUserDependencies, reference: string): Promise<User> {
  const user = await findUser(deps.users, reference);
  const now = epochSeconds(deps.clock);
  if (!(await deps.users.disable(user.id, now))) throw new UserNotFoundError(reference);
  await signOutEverywhere(deps, user.id, now);
  return user;
}

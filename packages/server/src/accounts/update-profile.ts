// Changes the profile claims of an account (name, given_name, family_name, picture, locale) on an administrator's
// behalf; apps see them in the next ID token and at userinfo.

import { type Clock, epochSeconds } from '../clock.js';
import { TesseraError } from '../tessera-error.js';
import { findUser, UserNotFoundError } from './find-user.js';
import { checkProfile } from './profile-rules.js';
import type { User, UserProfile, UserStore } from './user.js';

export interface UpdateProfileDependencies {
  users: UserStore;
  clock: Clock;
}

/** Thrown when an update names no field to change. */
export class EmptyProfileUpdateError extends TesseraError {
  readonly code = 'nothing_to_update';
  constructor() {
    super('give at least one profile field to change');
    this.name = 'EmptyProfileUpdateError';
  }
}

/**
 * Sets the fields given on the account named by email or id (an empty value clears one; fields not given stay) and
 * returns the account as it now is. Throws ProfileError for a refused value, before changing anything,
 * EmptyProfileUpdateError when no field is given and UserNotFoundError when there is no such account.
 */
export async function updateProfile(
  deps: UpdateProfileDependencies,
  reference: string,
  changes: Partial<UserProfile>,
): Promise<User> {
  const profile = checkProfile(changes);
  if (Object.keys(profile).length === 0) throw new EmptyProfileUpdateError();
  const user = await findUser(deps.users, reference);
  if (!(await deps.users.updateProfile(user.id, profile, epochSeconds(deps.clock)))) {
    throw new UserNotFoundError(reference);
  }
  return findUser(deps.users, user.id);
}

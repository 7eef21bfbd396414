// Finds the account an administrator names, by email (any case) or by id: the one reading of a user reference that
// every command and admin route shares.
import { TesseraError } from '../tessera-error.js';
import type { User, UserStore } from './user.js';

export class UserNotFoundError extends TesseraError {
  readonly code = 'user_not_found';
  constructor(readonly reference: string) {
    super(`no user with email or id ${reference}`);
    this.name = 'UserNotFoundError';
  }
}

/**
 * The user whose email or id is `reference`. Ids are UUIDs and never hold an "@", so a reference with one is an
 * email and anything else an id. Throws UserNotFoundError when there is no such account.
 */
export async function findUser(users: UserStore, reference: string): Promise<User> {
  const trimmed = reference.trim();
  const user = trimmed.includes('@') ? await users.findByEmail(trimmed) : await users.findById(trimmed);
  if (!user) throw new UserNotFoundError(reference);
  return user;
}

// Lists the accounts for an administrator: the one listing the CLI's `users list` and the admin API share.
import type { User, UserStore } from './user.js';

export interface ListUsersDependencies {
  users: UserStore;
}

/** Every account, oldest first, disabled ones and those without a password included. */
export function listUsers(deps: ListUsersDependencies): Promise<User[]> {
  return deps.users.list();
}

// When an account, and a sign-in of it, still count: the one rule that browser sessions, authorization codes, refresh
// tokens and userinfo apply, and that every new way in (MFA, passkeys, the admin API) applies too.
import type { Session } from './session-store.js';
import type { User } from './user.js';

/** The account exists and is not disabled. */
export function isActiveAccount(user: User | undefined): user is User {
  return user !== undefined && user.disabledAt === null;
}

/**
 * The session still signs in `user`: it is that user's, the account is active, and its credentials have not changed
 * since the session began (a password change or disabling ends every session begun before, even one whose sign-in
 * checked the old password while the change was being made). The session's own expiry is its store's to check.
 */
export function isLiveSignIn(
  session: Pick<Session, 'userId' | 'credentialsVersion'>,
  user: User | undefined,
): user is User {
  return (
    isActiveAccount(user) &&
    session.userId === user.id &&
    session.credentialsVersion === user.credentialsVersion
  );
}

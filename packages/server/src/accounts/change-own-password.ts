// A signed-in person changes their own password on the account page: the current password first (through the
// sign-in checks, throttle included, so a left-open browser cannot be used to guess it), then the new one under the
// sign-up rules, set by setPassword, which signs the account out everywhere: every session, this one too, and every
// app's refresh tokens (as Keycloak's "sign out other devices" and Auth0 do on a password change). The page then
// signs this browser in again with the new password.
import { type SetPasswordDependencies, setPassword } from './set-password.js';
import { type SignInDependencies, signInWithPassword } from './sign-in-with-password.js';
import type { User } from './user.js';

export type ChangeOwnPasswordDependencies = SetPasswordDependencies & { signIn: SignInDependencies };

/**
 * Returns the account as it is after the change (its new credentials version), to sign this browser in with. Throws
 * SignInError (invalid_credentials, too_many_attempts) for the current password and PasswordPolicyError for the new
 * one; nothing changed then.
 */
export async function changeOwnPassword(
  deps: ChangeOwnPasswordDependencies,
  user: User,
  currentPassword: string,
  newPassword: string,
  client: { address: string; deviceCookie: string | undefined },
): Promise<User> {
  await signInWithPassword(user.email, currentPassword, client, deps.signIn);
  await setPassword(deps, user.id, newPassword);
  const changed = await deps.users.findById(user.id);
  if (!changed) throw new Error('the account disappeared during its password change');
  return changed;
}

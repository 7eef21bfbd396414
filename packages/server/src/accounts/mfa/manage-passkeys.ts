// What the account page does with passkeys once added: list them, rename one, remove one. Removing weakens the
// account's protection if someone else does it, so it needs a recent sign-in (recent-sign-in.ts); a name does not.
import { epochSeconds } from '../../clock.js';
import { requireRecentSignIn } from '../recent-sign-in.js';
import type { User } from '../user.js';
import type { PasskeyAccount, PasskeyDependencies } from './passkey-dependencies.js';
import { PasskeyError } from './passkey-error.js';
import { checkPasskeyName } from './passkey-registration.js';
import type { Passkey } from './passkey-store.js';

export function listPasskeys(deps: Pick<PasskeyDependencies, 'stores'>, user: User): Promise<Passkey[]> {
  return deps.stores.passkeys.listByUser(user.id);
}

/** Throws PasskeyError invalid_passkey_name, or passkey_not_found when the account has no passkey `id`. */
export async function renamePasskey(
  deps: Pick<PasskeyDependencies, 'stores'>,
  { user }: Pick<PasskeyAccount, 'user'>,
  id: string,
  name: string,
): Promise<void> {
  const passkeyName = checkPasskeyName(name);
  if (!(await deps.stores.passkeys.rename(id, user.id, passkeyName)))
    throw new PasskeyError('passkey_not_found');
}

/**
 * Throws ReauthenticationRequiredError without a recent sign-in, PasskeyError passkey_not_found when the account has no
 * passkey `id`.
 */
export async function removePasskey(
  deps: Pick<PasskeyDependencies, 'stores' | 'clock'>,
  { user, session }: PasskeyAccount,
  id: string,
): Promise<void> {
  requireRecentSignIn(session, epochSeconds(deps.clock));
  if (!(await deps.stores.passkeys.remove(id, user.id))) throw new PasskeyError('passkey_not_found');
}

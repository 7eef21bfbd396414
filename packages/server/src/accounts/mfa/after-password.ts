// What follows a correct password: a session at once, or, for an account with TOTP on or a passkey, the second
// factor, with the password's success carried by a sealed, short-lived PendingSignIn (no session exists until the
// factor passes).
import type { User } from '../user.js';
import type { PasskeyStore } from './passkey-store.js';
import type { PendingSignIns } from './pending-sign-in.js';
import { confirmedTotpFactor } from './sign-in-with-second-factor.js';
import type { TotpFactorStore } from './totp-factor-store.js';

export type AfterPassword =
  | { step: 'complete'; amr: string[] }
  | { step: 'second_factor'; pendingSignInCookie: string };

export interface SecondFactorChoiceStores {
  totpFactors: Pick<TotpFactorStore, 'findByUser'>;
  passkeys: Pick<PasskeyStore, 'countByUser'>;
}

/** The second factors the account can answer with: TOTP when it is on, a passkey when it has one. */
export async function secondFactorChoices(
  deps: { stores: SecondFactorChoiceStores },
  userId: string,
): Promise<{ totp: boolean; passkey: boolean }> {
  const [factor, passkeys] = await Promise.all([
    deps.stores.totpFactors.findByUser(userId),
    deps.stores.passkeys.countByUser(userId),
  ]);
  return { totp: factor !== undefined && factor.confirmedAt !== null, passkey: passkeys > 0 };
}

export async function afterPassword(
  deps: { stores: SecondFactorChoiceStores; pendingSignIns: Pick<PendingSignIns, 'issue'> },
  user: User,
): Promise<AfterPassword> {
  const factor = await confirmedTotpFactor(deps, user);
  if (!factor && (await deps.stores.passkeys.countByUser(user.id)) === 0)
    return { step: 'complete', amr: ['pwd'] };
  return {
    step: 'second_factor',
    pendingSignInCookie: await deps.pendingSignIns.issue(user, factor, ['pwd']),
  };
}

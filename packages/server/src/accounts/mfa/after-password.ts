// What follows a correct password: a session at once, or, for an account with TOTP on, the second factor, with the
// password's success carried by a sealed, short-lived PendingSignIn (no session exists until the factor passes).
import type { User } from '../user.js';
import type { PendingSignIns } from './pending-sign-in.js';
import { confirmedTotpFactor } from './sign-in-with-second-factor.js';

export type AfterPassword =
  | { step: 'complete'; amr: string[] }
  | { step: 'second_factor'; pendingSignInCookie: string };

export async function afterPassword(
  deps: Parameters<typeof confirmedTotpFactor>[0] & { pendingSignIns: Pick<PendingSignIns, 'issue'> },
  user: User,
): Promise<AfterPassword> {
  const factor = await confirmedTotpFactor(deps, user);
  if (!factor) return { step: 'complete', amr: ['pwd'] };
  return {
    step: 'second_factor',
    pendingSignInCookie: await deps.pendingSignIns.issue(user, factor, ['pwd']),
  };
}

// What the account page does with TOTP once it is on: show its state, make a new set of recovery codes, turn it off.
// The last two weaken the account's protection if someone else does them, so they need a recent sign-in
// (recent-sign-in.ts).
import { epochSeconds } from '../../clock.js';
import { requireRecentSignIn } from '../recent-sign-in.js';
import type { Session } from '../session-store.js';
import type { User } from '../user.js';
import { issueRecoveryCodes } from './recovery-code-set.js';
import type { SecondFactorDependencies } from './second-factor-dependencies.js';
import { SecondFactorError } from './second-factor-error.js';

export interface SecondFactorStatus {
  totp: 'off' | 'pending' | 'on';
  /** Recovery codes not used yet (0 while TOTP is off). */
  recoveryCodesLeft: number;
}

export async function secondFactorStatus(
  deps: Pick<SecondFactorDependencies, 'stores'>,
  user: User,
): Promise<SecondFactorStatus> {
  const factor = await deps.stores.totpFactors.findByUser(user.id);
  if (!factor) return { totp: 'off', recoveryCodesLeft: 0 };
  if (factor.confirmedAt === null) return { totp: 'pending', recoveryCodesLeft: 0 };
  return { totp: 'on', recoveryCodesLeft: await deps.stores.recoveryCodes.countUnused(user.id) };
}

/**
 * A signed-in browser: the account and the session, whose sign-in time decides what it may change; its id and methods
 * where turning TOTP on records the second factor in it.
 */
export interface SignedInAccount {
  user: User;
  session: Pick<Session, 'authTime'> & Partial<Pick<Session, 'idHash' | 'amr'>>;
}

/**
 * A new set of recovery codes, ending the old one. Throws ReauthenticationRequiredError without a recent sign-in,
 * SecondFactorError totp_not_enabled when TOTP is off.
 */
export async function regenerateRecoveryCodes(
  deps: SecondFactorDependencies,
  { user, session }: SignedInAccount,
): Promise<string[]> {
  const now = epochSeconds(deps.clock);
  requireRecentSignIn(session, now);
  return deps.stores.transaction(async (unit) => {
    const factor = await unit.totpFactors.findByUser(user.id);
    if (!factor || factor.confirmedAt === null) throw new SecondFactorError('totp_not_enabled');
    return issueRecoveryCodes(unit.recoveryCodes, user.id, now);
  });
}

/**
 * Turns TOTP off and forgets the recovery codes, together. Throws ReauthenticationRequiredError without a recent
 * sign-in, SecondFactorError totp_not_enabled when it is off already.
 */
export async function disableTotp(
  deps: SecondFactorDependencies,
  { user, session }: SignedInAccount,
): Promise<void> {
  requireRecentSignIn(session, epochSeconds(deps.clock));
  await deps.stores.transaction(async (unit) => {
    if (!(await unit.totpFactors.delete(user.id))) throw new SecondFactorError('totp_not_enabled');
    await unit.recoveryCodes.deleteAll(user.id);
  });
}

// The second step of signing in, for accounts with TOTP on: after the password (carried by a PendingSignIn, not a
// session), a code from the authenticator app or one recovery code. Every attempt counts against the account's limit
// (second-factor-throttle.ts); a code is accepted once (RFC 6238 §5.2), a recovery code too. What passes goes on to
// completeSignIn with `amr` ["pwd", "otp", "mfa"] (RFC 8176: a one-time password, and more than one factor).
import { epochSeconds } from '../../clock.js';
import { isActiveAccount } from '../live-account.js';
import type { User } from '../user.js';
import type { PendingSignIn } from './pending-sign-in.js';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';
import type { SecondFactorDependencies } from './second-factor-dependencies.js';
import { SecondFactorError } from './second-factor-error.js';
import { forgiveSecondFactorAttempt, reserveSecondFactorAttempt } from './second-factor-throttle.js';
import { matchTotpStep } from './totp.js';
import type { TotpFactorStore } from './totp-factor-store.js';
import { openTotpSecret } from './totp-secret.js';

/** RFC 8176 §2: `otp` for the code (a recovery code is a one-time password too), `mfa` for the two factors. */
export const SECOND_FACTOR_AMR = ['otp', 'mfa'] as const;

/** What the person typed: a code from the app, or a recovery code. */
export type SecondFactorAnswer = { kind: 'totp'; code: string } | { kind: 'recovery_code'; code: string };

/** Whether signing in to `user` needs a second factor after the password: TOTP is on. */
export async function needsSecondFactor(
  deps: { stores: { totpFactors: Pick<TotpFactorStore, 'findByUser'> } },
  user: User,
): Promise<boolean> {
  const factor = await deps.stores.totpFactors.findByUser(user.id);
  return factor !== undefined && factor.confirmedAt !== null;
}

/**
 * Checks the second factor of `pending` (undefined when its cookie was missing, forged or old) and returns the user
 * to sign in (as read when the password was checked: its credentials version then) and the methods used. Throws
 * SecondFactorError: sign_in_expired (start again: no pending sign-in, or the account was disabled, its password
 * changed or its TOTP turned off meanwhile), too_many_attempts, invalid_code, code_already_used.
 */
export async function signInWithSecondFactor(
  deps: SecondFactorDependencies,
  pending: PendingSignIn | undefined,
  answer: SecondFactorAnswer,
): Promise<{ user: User; amr: string[] }> {
  const now = epochSeconds(deps.clock);
  if (!pending) throw new SecondFactorError('sign_in_expired');
  const user = await deps.stores.users.findById(pending.userId);
  if (!isActiveAccount(user) || user.credentialsVersion !== pending.credentialsVersion)
    throw new SecondFactorError('sign_in_expired');
  const factor = await deps.stores.totpFactors.findByUser(user.id);
  if (!factor || factor.confirmedAt === null) throw new SecondFactorError('sign_in_expired');

  const attempt = await reserveSecondFactorAttempt(deps.stores.rateLimits, user.id, now);
  if (!attempt.allowed) throw new SecondFactorError('too_many_attempts', attempt.retryAfterSeconds);
  if (answer.kind === 'totp') {
    const secret = await openTotpSecret(deps.box, user.id, factor.sealedSecret);
    const step = matchTotpStep(secret, answer.code.replace(/\s/g, ''), now);
    if (step === undefined) throw new SecondFactorError('invalid_code');
    // RFC 6238 §5.2: once a step's code has been accepted, neither it nor an earlier one is accepted again.
    if (!(await deps.stores.totpFactors.useStep(user.id, step, now, false)))
      throw new SecondFactorError('code_already_used');
  } else {
    const normalized = normalizeRecoveryCode(answer.code);
    const used =
      normalized !== undefined &&
      (await deps.stores.recoveryCodes.use(user.id, hashRecoveryCode(normalized), now));
    if (!used) throw new SecondFactorError('invalid_code');
  }
  // The reserved attempt counted as a failure; a success takes it back.
  await forgiveSecondFactorAttempt(deps.stores.rateLimits, attempt);
  return { user, amr: [...new Set([...pending.amr, ...SECOND_FACTOR_AMR])] };
}

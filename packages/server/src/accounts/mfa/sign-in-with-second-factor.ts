// The second step of signing in, for accounts with TOTP on: after the password (carried by a PendingSignIn, not a
// session), a code from the authenticator app or one recovery code. Every attempt counts against the account's limit
// (second-factor-throttle.ts); a code is accepted once (RFC 6238 §5.2), a recovery code too. What passes goes on to
// completeSignIn with `amr` ["pwd", "otp", "mfa"] (RFC 8176: a one-time password, and more than one factor).
import { epochSeconds } from '../../clock.js';
import { isActiveAccount } from '../live-account.js';
import type { User } from '../user.js';
import { PENDING_SIGN_IN_SECONDS, type PendingSignIn, totpFactorTag } from './pending-sign-in.js';
import { hashRecoveryCode, normalizeRecoveryCode } from './recovery-codes.js';
import type { SecondFactorDependencies } from './second-factor-dependencies.js';
import { SecondFactorError } from './second-factor-error.js';
import { forgiveSecondFactorAttempt, reserveSecondFactorAttempt } from './second-factor-throttle.js';
import { matchTotpStep } from './totp.js';
import type { TotpFactor, TotpFactorStore } from './totp-factor-store.js';
import { openTotpSecret } from './totp-secret.js';

/** RFC 8176 §2: `otp` for the code (a recovery code is a one-time password too), `mfa` for the two factors. */
export const SECOND_FACTOR_AMR = ['otp', 'mfa'] as const;

/** What the person typed: a code from the app, or a recovery code. */
export type SecondFactorAnswer = { kind: 'totp'; code: string } | { kind: 'recovery_code'; code: string };

/**
 * The pending sign-ins whose second factor passed, by nonce, in the replay store of client assertions: under a key no
 * client id takes (those are random base64url), each kept until its pending sign-in would have expired anyway.
 */
export const USED_PENDING_SIGN_INS = 'tessera:pending-sign-in';

/** The factor that signing in to `user` needs after the password: TOTP when it is on, else undefined. */
export async function confirmedTotpFactor(
  deps: { stores: { totpFactors: Pick<TotpFactorStore, 'findByUser'> } },
  user: User,
): Promise<TotpFactor | undefined> {
  const factor = await deps.stores.totpFactors.findByUser(user.id);
  return factor !== undefined && factor.confirmedAt !== null ? factor : undefined;
}

/**
 * Checks the second factor of `pending` (undefined when its cookie was missing, forged or old) and returns the user
 * to sign in (as read when the password was checked: its credentials version then) and the methods used. Throws
 * SecondFactorError: sign_in_expired (start again: no pending sign-in, or one that signed in already, or the account
 * was disabled, its password changed or its TOTP turned off, or off and on again, meanwhile), too_many_attempts,
 * invalid_code, code_already_used.
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
  if (!factor || factor.confirmedAt === null || totpFactorTag(factor) !== pending.factor)
    throw new SecondFactorError('sign_in_expired');

  const attempt = await reserveSecondFactorAttempt(deps.stores.rateLimits, user.id, now);
  if (!attempt.allowed) throw new SecondFactorError('too_many_attempts', attempt.retryAfterSeconds);
  const step =
    answer.kind === 'totp'
      ? matchTotpStep(
          await openTotpSecret(deps.box, user.id, factor.sealedSecret),
          answer.code.replace(/\s/g, ''),
          now,
        )
      : undefined;
  if (answer.kind === 'totp' && step === undefined) throw new SecondFactorError('invalid_code');
  const expiresAt = pending.startedAt + PENDING_SIGN_IN_SECONDS;
  // The code and the pending sign-in are used together or not at all.
  await deps.stores.transaction(async (unit) => {
    if (step !== undefined) {
      // RFC 6238 §5.2: once a step's code has been accepted, neither it nor an earlier one is accepted again.
      if (!(await unit.totpFactors.useStep(user.id, step, now, false)))
        throw new SecondFactorError('code_already_used');
    } else {
      const normalized = normalizeRecoveryCode(answer.code);
      const used =
        normalized !== undefined &&
        (await unit.recoveryCodes.use(user.id, hashRecoveryCode(normalized), now));
      if (!used) throw new SecondFactorError('invalid_code');
    }
    // Single use: of sign-ins with one pending sign-in (a copied cookie), whatever their codes, only the first passes.
    if (!(await unit.assertionReplay.remember(USED_PENDING_SIGN_INS, pending.nonce, expiresAt)))
      throw new SecondFactorError('sign_in_expired');
  });
  // The reserved attempt counted as a failure; a success takes it back.
  await forgiveSecondFactorAttempt(deps.stores.rateLimits, attempt);
  return { user, amr: [...new Set([...pending.amr, ...SECOND_FACTOR_AMR])] };
}

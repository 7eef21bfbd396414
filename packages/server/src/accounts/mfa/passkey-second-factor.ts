// A passkey as the second step after the password (/login/second-factor), for accounts that have one: the options
// name the account's passkeys, user verification is preferred (the password is the other factor), and the assertion
// counts against the account's second-factor attempts (second-factor-throttle.ts). Its challenge is bound to the
// pending sign-in, and the pending sign-in is used up with the passkey's use, together, so it passes once. What
// passes goes on to completeSignIn with amr [pwd, hwk|swk, (user), mfa].
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { epochSeconds } from '../../clock.js';
import { isActiveAccount } from '../live-account.js';
import type { User } from '../user.js';
import { assertionOptions, verifyAssertion } from './passkey-assertion.js';
import { saveChallenge, takeChallenge } from './passkey-challenges.js';
import { type PasskeyDependencies, passkeyAmr } from './passkey-dependencies.js';
import { PasskeyError } from './passkey-error.js';
import { parseAuthenticationResponse } from './passkey-response.js';
import { PENDING_SIGN_IN_SECONDS, type PendingSignIn } from './pending-sign-in.js';
import { SecondFactorError } from './second-factor-error.js';
import { forgiveSecondFactorAttempt, reserveSecondFactorAttempt } from './second-factor-throttle.js';
import { countPasskeyOptions } from './sign-in-with-passkey.js';
import { USED_PENDING_SIGN_INS } from './sign-in-with-second-factor.js';

/** The account of `pending` if it may still go on; SecondFactorError sign_in_expired otherwise. */
async function pendingAccount(deps: PasskeyDependencies, pending: PendingSignIn | undefined): Promise<User> {
  if (!pending) throw new SecondFactorError('sign_in_expired');
  const user = await deps.stores.users.findById(pending.userId);
  if (!isActiveAccount(user) || user.credentialsVersion !== pending.credentialsVersion)
    throw new SecondFactorError('sign_in_expired');
  return user;
}

/**
 * Options for the second factor of `pending`, asked for from the network `address`. Throws SecondFactorError
 * sign_in_expired; PasskeyError too_many_attempts (sign-in-with-passkey.ts's PASSKEY_OPTIONS_LIMIT), or
 * passkey_failed when the account has no passkey (the page offers none then).
 */
export async function passkeySecondFactorOptions(
  deps: PasskeyDependencies,
  pending: PendingSignIn | undefined,
  address: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const user = await pendingAccount(deps, pending);
  await countPasskeyOptions(deps, address, epochSeconds(deps.clock));
  const passkeys = await deps.stores.passkeys.listByUser(user.id);
  if (passkeys.length === 0) throw new PasskeyError('passkey_failed');
  const options = await assertionOptions(deps.relyingParty, passkeys, 'preferred');
  await saveChallenge(
    deps.stores.passkeyChallenges,
    options.challenge,
    { ceremony: 'second_factor', userId: user.id, binding: (pending as PendingSignIn).nonce },
    epochSeconds(deps.clock),
  );
  return options;
}

/**
 * Checks the passkey answer to `pending` and returns the account to sign in (as read when the password was checked)
 * and the methods used. Throws SecondFactorError sign_in_expired or too_many_attempts, PasskeyError passkey_failed.
 */
export async function signInWithPasskeySecondFactor(
  deps: PasskeyDependencies,
  pending: PendingSignIn | undefined,
  responseJson: string | undefined,
): Promise<{ user: User; amr: string[] }> {
  const now = epochSeconds(deps.clock);
  const user = await pendingAccount(deps, pending);
  const { nonce, startedAt, amr } = pending as PendingSignIn;
  const attempt = await reserveSecondFactorAttempt(deps.stores.rateLimits, user.id, now);
  if (!attempt.allowed) throw new SecondFactorError('too_many_attempts', attempt.retryAfterSeconds);
  const response = parseAuthenticationResponse(responseJson);
  const expectedChallenge = await takeChallenge(
    deps.stores.passkeyChallenges,
    response.response.clientDataJSON,
    { ceremony: 'second_factor', userId: user.id, binding: nonce },
    now,
  );
  const passkey = await deps.stores.passkeys.findById(response.id);
  if (!passkey || passkey.userId !== user.id) throw new PasskeyError('passkey_failed');
  const verified = await verifyAssertion(deps.relyingParty, passkey, response, expectedChallenge, false);
  // The passkey's use and the pending sign-in are used together or not at all.
  await deps.stores.transaction(async (unit) => {
    if (!(await unit.passkeys.recordUse(passkey.id, user.id, verified.counter, verified.backedUp, now)))
      throw new PasskeyError('passkey_failed');
    if (
      !(await unit.assertionReplay.remember(
        USED_PENDING_SIGN_INS,
        nonce,
        startedAt + PENDING_SIGN_IN_SECONDS,
      ))
    )
      throw new SecondFactorError('sign_in_expired');
  });
  await forgiveSecondFactorAttempt(deps.stores.rateLimits, attempt);
  return {
    user,
    amr: [...new Set([...amr, ...passkeyAmr(passkey.deviceType, verified.userVerified), 'mfa'])],
  };
}

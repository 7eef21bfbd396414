// Signing in with a passkey instead of a password: the browser asks for any passkey of this relying party
// (a discoverable credential, so no email is typed; WebAuthn §5.4.6 residentKey), the authenticator must verify the
// user (a PIN or biometrics: possession and a second factor in one, so no password is needed), and the credential's
// account signs in by completeSignIn, with amr [hwk|swk, user, mfa]. Challenges are bound to the browser (its CSRF
// cookie) and taken once; failures and options requests are limited per network, and every failure reads the same,
// whether the credential, its account or the challenge existed or not.
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { epochSeconds } from '../../clock.js';
import { countInWindow, uncount, type WindowLimit } from '../../limits/window-limit.js';
import { isActiveAccount } from '../live-account.js';
import type { User } from '../user.js';
import { assertionOptions, verifyAssertion } from './passkey-assertion.js';
import { saveChallenge, takeChallenge } from './passkey-challenges.js';
import { type PasskeyDependencies, passkeyAmr, userHandleOf } from './passkey-dependencies.js';
import { PasskeyError } from './passkey-error.js';
import { parseAuthenticationResponse } from './passkey-response.js';

/** Ceremonies a network may start, and fail, in each window: generous for people, a wall for floods. */
export const PASSKEY_OPTIONS_LIMIT: WindowLimit = { max: 1_000, windowSeconds: 15 * 60 };
export const PASSKEY_FAILURE_LIMIT: WindowLimit = { max: 50, windowSeconds: 15 * 60 };

/** The browser asking: its network (for the limits) and what its challenges are bound to. */
export interface PasskeyBrowser {
  address: string;
  binding: string;
}

/** Counts one challenge asked for by the network; PasskeyError too_many_attempts past PASSKEY_OPTIONS_LIMIT. */
export async function countPasskeyOptions(
  deps: PasskeyDependencies,
  address: string,
  now: number,
): Promise<void> {
  const counted = await countInWindow(
    deps.stores.rateLimits,
    PASSKEY_OPTIONS_LIMIT,
    `passkey-options:${address}`,
    now,
  );
  if (!counted.allowed) throw new PasskeyError('too_many_attempts', counted.retryAfterSeconds);
}

/** Options for a passwordless sign-in (any passkey; user verification required). */
export async function passkeySignInOptions(
  deps: PasskeyDependencies,
  browser: PasskeyBrowser,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const now = epochSeconds(deps.clock);
  await countPasskeyOptions(deps, browser.address, now);
  const options = await assertionOptions(deps.relyingParty, [], 'required');
  await saveChallenge(
    deps.stores.passkeyChallenges,
    options.challenge,
    { ceremony: 'sign_in', userId: null, binding: browser.binding },
    now,
  );
  return options;
}

/**
 * Checks a passwordless assertion (`responseJson`, from @simplewebauthn/browser's startAuthentication) and returns the
 * account to sign in and the methods used. Throws PasskeyError passkey_failed or too_many_attempts.
 */
export async function signInWithPasskey(
  deps: PasskeyDependencies,
  browser: PasskeyBrowser,
  responseJson: string | undefined,
): Promise<{ user: User; amr: string[] }> {
  const now = epochSeconds(deps.clock);
  // Counted before it is checked, so concurrent failures cannot slip past; a success is taken back.
  const attempt = await countInWindow(
    deps.stores.rateLimits,
    PASSKEY_FAILURE_LIMIT,
    `passkey-sign-in:${browser.address}`,
    now,
  );
  if (!attempt.allowed) throw new PasskeyError('too_many_attempts', attempt.retryAfterSeconds);
  const response = parseAuthenticationResponse(responseJson);
  const expectedChallenge = await takeChallenge(
    deps.stores.passkeyChallenges,
    response.response.clientDataJSON,
    { ceremony: 'sign_in', userId: null, binding: browser.binding },
    now,
  );
  const passkey = await deps.stores.passkeys.findById(response.id);
  if (!passkey) throw new PasskeyError('passkey_failed');
  const userHandle = response.response.userHandle;
  if (userHandle !== undefined && userHandle !== userHandleOf(passkey.userId).toString('base64url'))
    throw new PasskeyError('passkey_failed');
  const user = await deps.stores.users.findById(passkey.userId);
  if (!isActiveAccount(user)) throw new PasskeyError('passkey_failed');
  const verified = await verifyAssertion(deps.relyingParty, passkey, response, expectedChallenge, true);
  if (!(await deps.stores.passkeys.recordUse(passkey.id, user.id, verified.counter, verified.backedUp, now)))
    throw new PasskeyError('passkey_failed');
  await uncount(deps.stores.rateLimits, attempt);
  // RFC 8176: a key held by the person and verified by the authenticator: two factors.
  return { user, amr: [...passkeyAmr(passkey.deviceType, verified.userVerified), 'mfa'] };
}

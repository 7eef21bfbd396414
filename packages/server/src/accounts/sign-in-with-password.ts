// Checks an email and password. Unknown accounts, disabled accounts and wrong passwords fail the same way, after the
// same argon2id work, so neither the answer nor its timing tells whether an account exists (OWASP Authentication).

import { type Clock, epochSeconds } from '../clock.js';
import type { CounterStore } from '../limits/counter-store.js';
import { TesseraError } from '../tessera-error.js';
import { isActiveAccount } from './live-account.js';
import { forgiveSignInAttempt, reserveSignInAttempt, throttleKeys } from './login-throttle.js';
import type { PasswordHasher } from './password-hasher.js';
import { MAX_PASSWORD_LENGTH } from './password-policy.js';
import { type TrustedDevices, trustedDeviceFor } from './trusted-devices.js';
import { normalizeEmail, type User, type UserStore } from './user.js';

/** The sign-in page's path (ui/login-page.ts): where emails send people to sign in. */
export const SIGN_IN_PATH = '/login';

/** The sign-in page words these for people (login-page.ts); the code and the wait are what callers act on. */
export class SignInError extends TesseraError {
  constructor(
    readonly code: 'invalid_credentials' | 'too_many_attempts',
    readonly retryAfterSeconds = 0,
  ) {
    super(
      code === 'invalid_credentials'
        ? 'incorrect email or password'
        : `too many attempts; retry after ${retryAfterSeconds} s`,
    );
    this.name = 'SignInError';
  }
}

export interface SignInDependencies {
  users: UserStore;
  /** The sign-in throttle's counters (login-throttle.ts). */
  throttle: CounterStore;
  hasher: PasswordHasher;
  clock: Clock;
  trustedDevices: TrustedDevices;
}

/** `deviceCookie`: the browser's trusted-device cookie, if it sent one. */
export async function signInWithPassword(
  email: string,
  password: string,
  client: { address: string; deviceCookie: string | undefined },
  deps: SignInDependencies,
): Promise<User> {
  const now = epochSeconds(deps.clock);
  // Longer than any email (RFC 5321): not an account, and not worth a throttle row of that size.
  const normalizedEmail = normalizeEmail(email).slice(0, 320);
  // The cookie is opened whether or not the account exists, so that costs the same either way.
  const note = await deps.trustedDevices.read(client.deviceCookie);
  const user = email.length <= 320 ? await deps.users.findByEmail(email) : undefined;
  const keys = throttleKeys(normalizedEmail, client.address, trustedDeviceFor(note, user));
  const reservation = await reserveSignInAttempt(deps.throttle, keys, now);
  if (!reservation.allowed) throw new SignInError('too_many_attempts', reservation.retryAfterSeconds);

  const usable =
    isActiveAccount(user) && user.passwordHash !== null && password.length <= MAX_PASSWORD_LENGTH * 4;
  let verified = false;
  if (usable) verified = await deps.hasher.verify(user.passwordHash as string, password);
  else await deps.hasher.verifyDummy(password);

  // The reserved attempt already counts as a failure; only a success is taken back.
  if (!verified || !user) throw new SignInError('invalid_credentials');
  await forgiveSignInAttempt(deps.throttle, keys);
  // Parameters rise over time (OWASP): upgrade the stored hash while the password is at hand.
  const currentHash = user.passwordHash as string;
  if (deps.hasher.needsRehash(currentHash)) {
    await deps.users.rehashPassword(user.id, currentHash, await deps.hasher.hash(password), now);
  }
  return user;
}

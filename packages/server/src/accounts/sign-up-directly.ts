// Direct sign-up, used when outgoing mail is not configured: the form's email and password create the account at
// once, its email unverified. The outcome is the same whether or not the email already has an account, after the same
// argon2id work, so sign-up cannot be used to find out who is registered.
import type { Clock } from '../clock.js';
import type { CounterStore } from '../limits/counter-store.js';
import { createUser } from './create-user.js';
import type { PasswordHasher } from './password-hasher.js';
import { countSignUp } from './sign-up-by-email.js';
import { UserExistsError, type UserStore } from './user.js';

export interface DirectSignUpDependencies {
  users: UserStore;
  /** Counts sign-ups per client network. */
  rateLimits: CounterStore;
  hasher: PasswordHasher;
  clock: Clock;
}

/** What became of a direct sign-up. Neither outcome depends on whether the email was already registered. */
export type DirectSignUpOutcome =
  | { signedUp: true }
  | { signedUp: false; reason: 'too_many_requests'; retryAfterSeconds: number };

/**
 * Counts the sign-up against the client's network (SIGNUPS_PER_NETWORK) and creates the account. An email that
 * already has an account answers as a new one would. Throws InvalidEmailError or PasswordPolicyError for a refused
 * email or password (checked after the count, so forms should check them first).
 */
export async function signUpDirectly(
  deps: DirectSignUpDependencies,
  input: { email: string; password: string; name?: string },
  clientAddress: string,
): Promise<DirectSignUpOutcome> {
  const counted = await countSignUp(deps, clientAddress);
  if (!counted.allowed) {
    return { signedUp: false, reason: 'too_many_requests', retryAfterSeconds: counted.retryAfterSeconds };
  }
  try {
    await createUser(input, deps.users, deps.hasher, deps.clock);
  } catch (error) {
    // An existing account is not revealed: same answer, and createUser already spent the hashing time.
    if (!(error instanceof UserExistsError)) throw error;
  }
  return { signedUp: true };
}

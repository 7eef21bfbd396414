// Creates an account: checks the email, the profile and the password policy, hashes the password with argon2id, and
// stores it; or only prepares it, for a unit of work that stores it with other writes.

import { randomUUID } from 'node:crypto';
import { type Clock, epochSeconds } from '../clock.js';
import { TesseraError } from '../tessera-error.js';
import type { PasswordHasher } from './password-hasher.js';
import { checkPasswordPolicy } from './password-policy.js';
import { checkProfile } from './profile-rules.js';
import { isDeliverableEmail, type User, type UserProfile, type UserStore } from './user.js';

export interface NewUser extends Partial<UserProfile> {
  email: string;
  password?: string;
  emailVerified?: boolean;
}

export class InvalidEmailError extends TesseraError {
  readonly code = 'invalid_email';
  constructor() {
    super('Enter an email address like name@example.com.', { field: 'email' });
    this.name = 'InvalidEmailError';
  }
}

/**
 * The account `input` describes, checked (InvalidEmailError, ProfileError, PasswordPolicyError) and its password
 * hashed, but not stored: the slow part of creating an account, done before any unit of work that stores it.
 */
export async function prepareUser(input: NewUser, hasher: PasswordHasher, clock: Clock): Promise<User> {
  const email = input.email.trim();
  if (!isDeliverableEmail(email)) throw new InvalidEmailError();
  const profile = checkProfile(input);
  if (input.password !== undefined) checkPasswordPolicy(input.password, email);
  const now = epochSeconds(clock);
  return {
    id: randomUUID(),
    email,
    emailVerified: input.emailVerified ?? false,
    passwordHash: input.password === undefined ? null : await hasher.hash(input.password),
    name: profile.name ?? null,
    givenName: profile.givenName ?? null,
    familyName: profile.familyName ?? null,
    picture: profile.picture ?? null,
    locale: profile.locale ?? null,
    disabledAt: null,
    createdAt: now,
    updatedAt: now,
    profileUpdatedAt: now,
    credentialsVersion: 0,
  };
}

/** Checks, hashes (prepareUser) and stores the account; UserExistsError when the email is taken. */
export async function createUser(
  input: NewUser,
  users: UserStore,
  hasher: PasswordHasher,
  clock: Clock,
): Promise<User> {
  const user = await prepareUser(input, hasher, clock);
  await users.create(user);
  return user;
}

// What Tessera knows about a person who signs in, and the store contract for users.
import { TesseraError } from '../tessera-error.js';

/** OpenID Connect Core §5.1 standard claims that Tessera keeps. */
export interface UserProfile {
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  picture: string | null;
  locale: string | null;
}

export interface User extends UserProfile {
  id: string;
  /** As the user typed it. */
  email: string;
  emailVerified: boolean;
  /** argon2id PHC string; null for users who have no password. */
  passwordHash: string | null;
  disabledAt: number | null;
  createdAt: number;
  /** When anything about the account last changed, password included. */
  updatedAt: number;
  /** When a claim about the person last changed (the profile, email_verified): the OIDC `updated_at` claim. */
  profileUpdatedAt: number;
  /**
   * Raised whenever the password is set or the account disabled. A session started with an older version is over,
   * even one started by a sign-in that checked the old password while the change was being made.
   */
  credentialsVersion: number;
}

// A plain addr-spec (RFC 5321 §4.1.2): one local part and one domain, without the spaces, control characters,
// brackets, commas, quotes and other characters that mail libraries read as display names, groups or address lists,
// or silently drop. Deliberately simple;
// owning the address is proven by the password-reset email, not by this pattern.
const PLAIN_EMAIL = /^[^\s\p{Cc}@<>()[\]\\,;:"]{1,64}@[^\s\p{Cc}@<>()[\]\\,;:"]{1,255}$/u;

/** Whether `email` is one plain address that a mail library can only deliver to that address. */
export function isDeliverableEmail(email: string): boolean {
  return email.length <= 320 && PLAIN_EMAIL.test(email);
}

/** Emails are unique regardless of case: "Ann@Example.com" and "ann@example.com" are one account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Users by id and by (case-insensitive) email. Implementations: store/sql-user-store.ts. */
export interface UserStore {
  /** Throws UserExistsError when the email is taken. */
  create(user: User): Promise<void>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  list(): Promise<User[]>;
  /**
   * Sets a new password and raises the credentials version, in one statement; with `emailVerified`, also marks the
   * email verified (the password was set through a link sent to it). False when there is no such user.
   */
  setPassword(
    id: string,
    passwordHash: string,
    now: number,
    options?: { emailVerified?: boolean },
  ): Promise<boolean>;
  /**
   * Replaces the hash of the same password (stronger parameters) only if it is still `currentHash`, so a rehash
   * racing a password change cannot bring the old password back. Returns whether it replaced it.
   */
  rehashPassword(id: string, currentHash: string, newHash: string, now: number): Promise<boolean>;
  /** Disables the account and raises the credentials version. Returns false when there is no such user. */
  disable(id: string, now: number): Promise<boolean>;
  /**
   * Sets the profile fields given (null clears one; the others stay) and the profile's update time. Returns false
   * when there is no such user.
   */
  updateProfile(id: string, profile: Partial<UserProfile>, now: number): Promise<boolean>;
}

export class UserExistsError extends TesseraError {
  readonly code = 'user_exists';
  constructor() {
    super('an account with this email already exists');
    this.name = 'UserExistsError';
  }
}

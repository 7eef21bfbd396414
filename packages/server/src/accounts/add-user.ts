// An administrator creates an account (CLI, admin API): with a password, or explicitly without one, in which case
// its owner gets an emailed link to choose it when mail is configured.
import type { Clock } from '../clock.js';
import { createUser } from './create-user.js';
import type { PasswordHasher } from './password-hasher.js';
import { type PasswordLinkDependencies, sendPasswordLink } from './password-reset.js';
import type { User, UserProfile, UserStore } from './user.js';

export interface AddUserInput extends Partial<UserProfile> {
  email: string;
  emailVerified?: boolean;
  /** The password, or null for an account that starts without one. There is no default: the caller chooses. */
  password: string | null;
}

export interface AddUserDependencies {
  users: UserStore;
  hasher: PasswordHasher;
  clock: Clock;
  /** Outgoing mail for the set-password link; undefined when mail is not configured. */
  passwordLinks: PasswordLinkDependencies | undefined;
}

/**
 * What became of the link for an account without a password: `sent`; `mail_not_configured`, so no one can sign in
 * to it until an administrator sets a password; or `failed` (the mail server refused it, logged). Undefined for an
 * account created with a password.
 */
export type SetPasswordLinkOutcome = 'sent' | 'mail_not_configured' | 'failed' | undefined;

export interface AddedUser {
  user: User;
  setPasswordLink: SetPasswordLinkOutcome;
}

/**
 * Creates the account (createUser's rules: InvalidEmailError, ProfileError, PasswordPolicyError, UserExistsError)
 * and, when it has no password, emails its owner a link to choose one. The account stays created when the email
 * cannot be sent; its owner can still ask for a link with "Forgot your password?".
 */
export async function addUser(deps: AddUserDependencies, input: AddUserInput): Promise<AddedUser> {
  const { password, ...account } = input;
  const user = await createUser(
    password === null ? account : { ...account, password },
    deps.users,
    deps.hasher,
    deps.clock,
  );
  if (password !== null) return { user, setPasswordLink: undefined };
  const links = deps.passwordLinks;
  if (!links) return { user, setPasswordLink: 'mail_not_configured' };
  try {
    return { user, setPasswordLink: (await sendPasswordLink(links, user, 'set')) ? 'sent' : 'failed' };
  } catch (error) {
    // Codes only: an SMTP error's text can quote the recipient.
    const { name, code, responseCode } = error as { name?: string; code?: string; responseCode?: number };
    links.logger.error(
      { err: { name, code, responseCode }, userId: user.id },
      'could not send a set-password email',
    );
    return { user, setPasswordLink: 'failed' };
  }
}

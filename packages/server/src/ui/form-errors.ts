// What a form says is wrong, per field or for the whole form: a stable code (the page's data-error-code, which tests
// and scripts read) and the words a person reads.
import { InvalidEmailError } from '../accounts/create-user.js';
import { findPasswordProblem, PasswordPolicyError } from '../accounts/password-policy.js';
import { isDeliverableEmail } from '../accounts/user.js';
import { TesseraError } from '../tessera-error.js';

export interface FormError {
  code: string;
  message: string;
}

/** The errors of one submitted form by field name; a form shows them all at once. */
export type FieldErrors = Partial<Record<string, FormError>>;

export const EMAIL_REQUIRED: FormError = { code: 'email_required', message: 'Enter your email.' };
export const PASSWORD_REQUIRED: FormError = { code: 'password_required', message: 'Enter your password.' };

export const PASSWORDS_DIFFER: FormError = {
  code: 'passwords_differ',
  message: 'The two passwords are not the same.',
};

/** The email field of a form that creates an account: missing, or not an address mail can be sent to. */
export function emailFieldError(email: string): FormError | undefined {
  if (email === '') return EMAIL_REQUIRED;
  if (!isDeliverableEmail(email)) return { code: 'invalid_email', message: new InvalidEmailError().message };
  return undefined;
}

/**
 * A new password and its confirmation, both checked at once (NIST SP 800-63B §3.1.1.2 rules), for every form that
 * sets a password: sign-up, sign-up by email link, password reset.
 */
export function newPasswordErrors(password: string, confirmation: string, email: string): FieldErrors {
  const problem = findPasswordProblem(password, email);
  return {
    password:
      problem === undefined
        ? undefined
        : { code: problem, message: new PasswordPolicyError(problem).message },
    password_confirm: confirmation === password ? undefined : PASSWORDS_DIFFER,
  };
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((error) => error !== undefined);
}

/** What a form shows for a domain error about its `field` (TesseraError.field): its code and message; else undefined. */
export function formErrorOf(error: unknown, field: string): FormError | undefined {
  if (!(error instanceof TesseraError) || error.field !== field) return undefined;
  return { code: error.code, message: error.message };
}

/** Whether `error` is one of Tessera's with this stable code. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return error instanceof TesseraError && error.code === code;
}

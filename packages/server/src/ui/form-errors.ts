// What a form says is wrong, per field or for the whole form: a stable code (the page's data-error-code, which tests
// and scripts read) and the words a person reads.
export interface FormError {
  code: string;
  message: string;
}

/** The errors of one submitted form by field name; a form shows them all at once. */
export type FieldErrors = Partial<Record<string, FormError>>;

export const EMAIL_REQUIRED: FormError = { code: 'email_required', message: 'Enter your email.' };
export const PASSWORD_REQUIRED: FormError = { code: 'password_required', message: 'Enter your password.' };

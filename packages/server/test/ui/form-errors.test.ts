// Pages pick the domain errors they show by field and code (TesseraError.field, .code), not by class.
import { describe, expect, it } from 'vitest';
import { InvalidEmailError } from '../../src/accounts/create-user.js';
import { PasswordPolicyError } from '../../src/accounts/password-policy.js';
import { PasswordResetError } from '../../src/accounts/password-reset.js';
import { SignUpLinkError } from '../../src/accounts/sign-up-by-email.js';
import { formErrorOf, hasErrorCode } from '../../src/ui/form-errors.js';

describe('form errors from domain errors', () => {
  it('a password or email refusal is about its field, with its code and message', () => {
    const weak = new PasswordPolicyError('password_too_short');
    expect(weak.field).toBe('password');
    expect(formErrorOf(weak, 'password')).toEqual({ code: 'password_too_short', message: weak.message });
    expect(formErrorOf(weak, 'email')).toBeUndefined();
    const email = new InvalidEmailError();
    expect(formErrorOf(email, 'email')).toEqual({ code: 'invalid_email', message: email.message });
  });

  it('errors about no field, and anything not a TesseraError, are no form error', () => {
    expect(formErrorOf(new SignUpLinkError(), 'password')).toBeUndefined();
    expect(formErrorOf(new Error('boom'), 'password')).toBeUndefined();
  });

  it('a link that stopped working is known by its code', () => {
    expect(hasErrorCode(new PasswordResetError(), 'invalid_reset_link')).toBe(true);
    expect(hasErrorCode(new SignUpLinkError(), 'invalid_signup_link')).toBe(true);
    expect(hasErrorCode(new SignUpLinkError(), 'invalid_reset_link')).toBe(false);
    expect(hasErrorCode({ code: 'invalid_reset_link' }, 'invalid_reset_link')).toBe(false);
  });
});

// What can go wrong with a second factor, as stable codes the pages word for people (ui/second-factor-page.ts,
// ui/account-page.ts).
import { TesseraError } from '../../tessera-error.js';

export type SecondFactorErrorCode =
  /** Not the code of this step or one either side, or not a recovery code of the account (or one used already). */
  | 'invalid_code'
  /** The code is right but was accepted before (RFC 6238 §5.2): the next one is needed. */
  | 'code_already_used'
  /** The account has used up its attempts for now (second-factor-throttle.ts). */
  | 'too_many_attempts'
  /** The half-done sign-in is gone (expired, forged, or the account changed meanwhile): start again. */
  | 'sign_in_expired'
  /** Enrolment asked of an account whose TOTP is on already, or a change asked of one without it. */
  | 'totp_enabled'
  | 'totp_not_enabled';

const MESSAGES: Record<SecondFactorErrorCode, string> = {
  invalid_code: 'that code is not right',
  code_already_used: 'that code was used already; wait for the next one',
  too_many_attempts: 'too many attempts',
  sign_in_expired: 'the sign-in took too long; sign in again',
  totp_enabled: 'two-factor sign-in is on already',
  totp_not_enabled: 'two-factor sign-in is not on',
};

export class SecondFactorError extends TesseraError {
  constructor(
    readonly code: SecondFactorErrorCode,
    readonly retryAfterSeconds = 0,
  ) {
    super(
      code === 'too_many_attempts' ? `${MESSAGES[code]}; retry after ${retryAfterSeconds} s` : MESSAGES[code],
      { field: code === 'invalid_code' || code === 'code_already_used' ? 'code' : undefined },
    );
    this.name = 'SecondFactorError';
  }
}

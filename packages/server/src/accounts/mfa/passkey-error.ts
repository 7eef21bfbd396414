// What can go wrong with a passkey, as stable codes the pages word for people (ui/passkey-pages.ts). A failed
// ceremony says only that it failed: never whether the credential, the account or the challenge existed.
import { TesseraError } from '../../tessera-error.js';

export type PasskeyErrorCode =
  /**
   * The response did not verify: unknown or removed credential, wrong or used challenge, wrong origin or RP ID, bad
   * signature, no user verification where it is required, a counter that went back, or a malformed response.
   */
  | 'passkey_failed'
  /** Too many failed or requested ceremonies for now. */
  | 'too_many_attempts'
  /** The name given to a passkey is empty or longer than PASSKEY_NAME_MAX_LENGTH. */
  | 'invalid_passkey_name'
  /** Rename or remove of a passkey the account does not have. */
  | 'passkey_not_found';

const MESSAGES: Record<PasskeyErrorCode, string> = {
  passkey_failed: 'the passkey could not be verified',
  too_many_attempts: 'too many attempts',
  invalid_passkey_name: 'a passkey name is 1 to 64 characters',
  passkey_not_found: 'no such passkey on this account',
};

export class PasskeyError extends TesseraError {
  constructor(
    readonly code: PasskeyErrorCode,
    readonly retryAfterSeconds = 0,
  ) {
    super(
      code === 'too_many_attempts' ? `${MESSAGES[code]}; retry after ${retryAfterSeconds} s` : MESSAGES[code],
      { field: code === 'invalid_passkey_name' ? 'name' : undefined },
    );
    this.name = 'PasskeyError';
  }
}

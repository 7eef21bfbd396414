// Why the /device page refuses a user code or a decision, as stable codes the page shows (data-error-code).
import { TesseraError } from '../../tessera-error.js';

/**
 * `invalid_user_code`: one answer for a code that does not exist, has expired, was already answered or used, so that
 * entering codes tells nothing about which exist; `too_many_attempts`: the network or the code has used up its tries.
 */
export class DeviceCodeEntryError extends TesseraError {
  constructor(
    readonly code: 'invalid_user_code' | 'too_many_attempts',
    readonly retryAfterSeconds = 0,
  ) {
    super(
      code === 'invalid_user_code'
        ? 'That code is not valid. Check the code your device shows and try again.'
        : 'Too many attempts.',
      { status: code === 'too_many_attempts' ? 429 : 400, field: 'user_code' },
    );
    this.name = 'DeviceCodeEntryError';
  }
}

/**
 * `device_request_ended`: the request was answered, used or expired while the page was open; `organization_required`:
 * the application needs an organization and the device named none while the person is in several; `access_denied`:
 * the person is not a member of the organization the device asked for (the request is denied).
 */
export class DeviceDecisionError extends TesseraError {
  constructor(
    readonly code: 'device_request_ended' | 'organization_required' | 'access_denied',
    message: string,
  ) {
    super(message, {
      status: 400,
      exposure: { kind: 'page', title: 'This device request cannot be approved' },
    });
    this.name = 'DeviceDecisionError';
  }
}

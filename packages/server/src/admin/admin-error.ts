// The admin API's errors: a stable code and its HTTP status, rendered as `{error, error_description}` JSON by
// admin-error-renderer.ts. The RBAC operations' own refusals keep their codes (organization_not_found, role_exists…).
import { InvalidEmailError } from '../accounts/create-user.js';
import { UserNotFoundError } from '../accounts/find-user.js';
import { InvitationError } from '../authz/rbac/invitations.js';
import { PageTokenError } from '../authz/rbac/list-page.js';
import { RbacConflictError, RbacNameError, RbacNotFoundError } from '../authz/rbac/rbac-errors.js';
import { TesseraError } from '../tessera-error.js';

export type AdminErrorCode =
  /** RFC 6750 §3.1: no bearer token, or not a live Tessera access token for the admin API (401). */
  | 'invalid_token'
  /** RFC 6750 §3.1: a good token without the tessera:admin scope (403). */
  | 'insufficient_scope'
  /** A body, path or query that fails its schema (400). */
  | 'invalid_request'
  /** Any code of the RBAC operations, as they raise it. */
  | (
      | RbacNameError
      | RbacNotFoundError
      | RbacConflictError
      | UserNotFoundError
      | InvitationError
      | InvalidEmailError
      | PageTokenError
    )['code'];

export class AdminError extends TesseraError {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    status: number,
    headers: Record<string, string> = {},
  ) {
    super(message, { status, headers, exposure: { kind: 'api' } });
    this.name = 'AdminError';
  }
}

/** The operations' refusals (which the CLI prints as they are) as admin API errors; anything else passes on. */
export function toAdminError(error: unknown): unknown {
  if (
    error instanceof RbacNameError ||
    error instanceof RbacNotFoundError ||
    error instanceof RbacConflictError ||
    error instanceof InvitationError ||
    error instanceof InvalidEmailError ||
    error instanceof PageTokenError
  ) {
    return new AdminError(error.code, error.message, error.status);
  }
  if (error instanceof UserNotFoundError) return new AdminError(error.code, error.message, 404);
  return error;
}

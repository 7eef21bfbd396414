// OAuth errors as values: thrown where found, rendered once at the HTTP edge (RFC 6749 §5.2).
import { TesseraError } from '../tessera-error.js';

/** RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 8707 §2, RFC 8628 §3.5 error codes used by Tessera. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'server_error'
  | 'temporarily_unavailable'
  // RFC 8628 §3.5: the device grant's answers while the person has not (yet) approved.
  | 'authorization_pending'
  | 'slow_down'
  | 'access_denied'
  | 'expired_token';

/** Shown to API clients as RFC 6749 §5.2 JSON (oauth-error-renderer.ts), to a browser as the error page. */
export class OAuthError extends TesseraError {
  readonly code: OAuthErrorCode;

  constructor(
    code: OAuthErrorCode,
    description: string,
    options: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(description, {
      status: options.status ?? (code === 'invalid_client' ? 401 : code === 'server_error' ? 500 : 400),
      headers: options.headers ?? {},
      exposure: { kind: 'api' },
    });
    this.name = 'OAuthError';
    this.code = code;
  }
}

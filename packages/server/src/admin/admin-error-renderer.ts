// How the admin API shows an error: `{error, error_description}` (the shape of RFC 6749 §5.2 and RFC 6750 §3), the
// error's stable code and what went wrong. Errors that are not the admin API's own (an unknown path, a body too large,
// a database outage) show their own code (not_found, invalid_request, temporarily_unavailable, server_error).
import type { ApiErrorRenderer } from '../http/error-handler.js';

export const adminErrorRenderer: ApiErrorRenderer = {
  body: (error) => ({ error: error.code, error_description: error.message }),
};

// How the OAuth 2.0 / OpenID Connect endpoints show an error to API clients: RFC 6749 §5.2 JSON.
import type { ApiErrorRenderer } from '../http/error-handler.js';

export const oauthErrorRenderer: ApiErrorRenderer = {
  body: (error) => ({ error: error.code, error_description: error.message }),
};

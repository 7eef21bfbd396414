// The two ways an authorization request is refused: on Tessera's own page until the client and its redirect_uri are
// verified, back to that redirect_uri after (RFC 6749 §4.1.2.1, RFC 9700 §4.1.1).
import { TesseraError } from '../../tessera-error.js';
import { authorizationResponseUrl } from './authorization-response-url.js';

/** Shown to the user on Tessera's own error page: the redirect target is not trustworthy. */
export class AuthorizationPageError extends TesseraError {
  constructor(
    readonly code: 'invalid_request' | 'invalid_client' | 'invalid_redirect_uri',
    message: string,
  ) {
    super(message, { exposure: { kind: 'page', title: 'This sign-in link is not valid' } });
    this.name = 'AuthorizationPageError';
  }
}

/** Sent back to the client's verified redirect_uri, with state and iss (RFC 6749 §4.1.2.1, RFC 9207). */
export class AuthorizationRedirectError extends TesseraError {
  constructor(
    readonly code: string,
    description: string,
    readonly redirectUri: string,
    readonly state: string | undefined,
  ) {
    super(description, {
      exposure: {
        kind: 'redirect',
        location: (issuer) =>
          authorizationResponseUrl(redirectUri, issuer, {
            error: code,
            error_description: description,
            state,
          }),
      },
    });
    this.name = 'AuthorizationRedirectError';
  }
}

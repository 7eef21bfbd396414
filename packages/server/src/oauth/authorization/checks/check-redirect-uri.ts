// The redirect_uri is one the client registered, compared as exact strings (RFC 9700 §4.1.3); until it is, errors
// stay on Tessera's page.
import type { Client } from '../../clients/client.js';
import { AuthorizationPageError } from '../authorization-errors.js';
import type { ParamReader } from './authorization-check.js';

export function checkRedirectUri(param: ParamReader, client: Client): string {
  const redirectUri = param('redirect_uri');
  if (redirectUri === undefined || !client.redirectUris.includes(redirectUri)) {
    throw new AuthorizationPageError(
      'invalid_redirect_uri',
      'The application asked to return you to an address it has not registered, so Tessera will not send you there.',
    );
  }
  return redirectUri;
}

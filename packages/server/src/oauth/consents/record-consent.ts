// The user's answer on the consent page: an "Allow" grants the request's scopes to its client, and approves it for the
// organization the tokens are for, added to what was granted before, so the next request for them does not ask again;
// anything else is access_denied.
import { type Clock, epochSeconds } from '../../clock.js';
import { AuthorizationRedirectError } from '../authorization/authorization-errors.js';
import type { AuthorizationRequest } from '../authorization/authorization-request.js';
import type { ConsentStore } from '../consent-store.js';

export interface RecordConsentDependencies {
  consents: Pick<ConsentStore, 'grant'>;
  clock: Clock;
}

/**
 * Remembers the grant (the scopes, and the organization by id unless null) when `allowed`; otherwise throws AuthorizationRedirectError access_denied, back to the request's
 * verified redirect_uri (RFC 6749 §4.1.2.1), and remembers nothing.
 */
export async function recordConsent(
  deps: RecordConsentDependencies,
  userId: string,
  request: Pick<AuthorizationRequest, 'client' | 'scopes' | 'redirectUri' | 'state'>,
  allowed: boolean,
  organizationId: string | null = null,
): Promise<void> {
  if (!allowed) {
    throw new AuthorizationRedirectError(
      'access_denied',
      'the user denied the request',
      request.redirectUri,
      request.state,
    );
  }
  await deps.consents.grant(
    userId,
    request.client.id,
    request.scopes,
    epochSeconds(deps.clock),
    organizationId,
  );
}

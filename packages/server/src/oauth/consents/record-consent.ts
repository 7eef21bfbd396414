// Remembers a user's "Allow" on the consent page: the request's scopes are granted to its client, added to what was
// granted before, so the next request for them does not ask again.
import { type Clock, epochSeconds } from '../../clock.js';
import type { AuthorizationRequest } from '../authorization/authorization-request.js';
import type { ConsentStore } from '../consent-store.js';

export interface RecordConsentDependencies {
  consents: Pick<ConsentStore, 'grant'>;
  clock: Clock;
}

export async function recordConsent(
  deps: RecordConsentDependencies,
  userId: string,
  request: Pick<AuthorizationRequest, 'client' | 'scopes'>,
): Promise<void> {
  await deps.consents.grant(userId, request.client.id, request.scopes, epochSeconds(deps.clock));
}

// Whether an authorization request needs the user's consent before a code is issued: the consent decision of
// /oauth2/authorize, once the user is signed in and the organization is chosen.
import type { AuthorizationRequest } from '../authorization/authorization-request.js';
import type { ConsentStore } from '../consent-store.js';

/**
 * prompt=consent always asks (OIDC Core §3.1.2.1). Otherwise a first-party client never needs consent, so its requests
 * skip the look-up, and any other client needs it while the user has not yet granted it every scope it asks for, or
 * has not yet approved it for the organization (by id; null: none) the tokens would be for.
 */
export async function needsConsent(
  consents: Pick<ConsentStore, 'grantedScopes' | 'approvedOrganization'>,
  userId: string,
  request: Pick<AuthorizationRequest, 'client' | 'scopes' | 'prompt'>,
  organizationId: string | null = null,
): Promise<boolean> {
  const { client, scopes, prompt } = request;
  if (client.firstParty) return prompt.has('consent');
  if (prompt.has('consent')) return true;
  const granted = await consents.grantedScopes(userId, client.id);
  if (scopes.some((scope) => !granted.includes(scope))) return true;
  return organizationId !== null && !(await consents.approvedOrganization(userId, client.id, organizationId));
}

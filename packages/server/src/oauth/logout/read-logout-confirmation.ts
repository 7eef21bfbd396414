// Reads the sign-out confirmation form (/oauth2/logout/confirm): the post_logout_redirect_uri and state it carries
// back from the browser, the address checked again since the browser could have changed it.
import type { ClientStore } from '../clients/client.js';
import { type LogoutRequest, LogoutRequestError } from './logout-request.js';

/**
 * The logout the user confirmed. The form names no client, so the address must be one that some client registered;
 * throws LogoutRequestError otherwise. Without an address, the state is dropped: there is nowhere to send it.
 */
export async function readLogoutConfirmation(
  clients: Pick<ClientStore, 'list'>,
  postLogoutRedirectUri: string | undefined,
  state: string | undefined,
): Promise<LogoutRequest> {
  if (!postLogoutRedirectUri)
    return { postLogoutRedirectUri: undefined, state: undefined, hinted: undefined };
  const registered = await clients.list();
  if (!registered.some((c) => c.postLogoutRedirectUris.includes(postLogoutRedirectUri))) {
    throw new LogoutRequestError('Unregistered address.');
  }
  return { postLogoutRedirectUri, state, hinted: undefined };
}

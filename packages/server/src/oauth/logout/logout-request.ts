// Reads an RP-initiated logout request (OpenID Connect RP-Initiated Logout 1.0 §2, §3): the id_token_hint, the client,
// and a post_logout_redirect_uri only if that client registered it; and decides whether the user must confirm.
import { SESSION_MAX_SECONDS } from '../../accounts/session-manager.js';
import type { Session } from '../../accounts/session-store.js';
import { TesseraError } from '../../tessera-error.js';
import {
  type IdTokenHint,
  type IdTokenHintDependencies,
  readIdTokenHint,
} from '../../tokens/read-id-token-hint.js';
import type { ClientStore } from '../clients/client.js';

/** A logout Tessera can act on. */
export interface LogoutRequest {
  /** Registered by the client the request is for (or, once confirmed, by some client): safe to redirect to. */
  postLogoutRedirectUri: string | undefined;
  state: string | undefined;
  /** The session (`sid`) and user (`sub`) of a verified id_token_hint, and whether it has not expired yet. */
  hinted: IdTokenHint | undefined;
}

/** A sign-out request Tessera cannot act on: an error page, never a redirect to an address it could not check. */
export class LogoutRequestError extends TesseraError {
  readonly code = 'invalid_request';
  constructor(message: string) {
    super(message, { exposure: { kind: 'page', title: 'This sign-out link is not valid' } });
    this.name = 'LogoutRequestError';
  }
}

/** An expired hint is still accepted this long after its expiry: no session outlives it. */
export const MAX_HINT_AGE_SECONDS = SESSION_MAX_SECONDS;

export interface LogoutRequestDependencies extends IdTokenHintDependencies {
  clients: Pick<ClientStore, 'findById'>;
}

/**
 * The request's hint (one of this issuer's ID tokens, expired at most MAX_HINT_AGE_SECONDS ago), its client (client_id,
 * else the hint's audience; both must agree) and its post_logout_redirect_uri, exactly as that client registered it.
 * Throws LogoutRequestError otherwise.
 */
export async function readLogoutRequest(
  deps: LogoutRequestDependencies,
  params: URLSearchParams,
): Promise<LogoutRequest> {
  const hint = params.get('id_token_hint') || undefined;
  const hinted = hint ? await readIdTokenHint(hint, deps, MAX_HINT_AGE_SECONDS) : undefined;
  if (hint && !hinted)
    throw new LogoutRequestError('The sign-out link carries an ID token Tessera did not issue.');
  const clientId = params.get('client_id') || hinted?.aud;
  if (hinted && params.get('client_id') && params.get('client_id') !== hinted.aud) {
    throw new LogoutRequestError('client_id does not match the ID token.');
  }
  const postLogoutRedirectUri = params.get('post_logout_redirect_uri') || undefined;
  if (postLogoutRedirectUri !== undefined) {
    const client = clientId ? await deps.clients.findById(clientId) : undefined;
    // Exact match against the client's registered URIs; anything else is an error page, never a redirect.
    if (!client?.postLogoutRedirectUris.includes(postLogoutRedirectUri)) {
      throw new LogoutRequestError('The application asked to send you to an address it has not registered.');
    }
  }
  return { postLogoutRedirectUri, state: params.get('state') || undefined, hinted };
}

/**
 * Whether the signed-in user, of `session`, is asked before being signed out (§2: the OP should ask, lest another site
 * sign the user out). Not when the hint names this very session: that proves the request comes from an app of the
 * user's own sign-in. (With no one signed in, there is no one to ask.)
 */
export function logoutNeedsConfirmation(request: LogoutRequest, session: Pick<Session, 'sid'>): boolean {
  return request.hinted?.sid === undefined || request.hinted.sid !== session.sid;
}

// Where an RP-initiated logout ends: the browser's session, and the one its ID token hint names, end; the answer is
// the client's registered post_logout_redirect_uri with its state (RP-Initiated Logout 1.0 §3), if it gave one.
import type { SessionManager } from '../../accounts/session-manager.js';
import type { LogoutRequest } from './logout-request.js';

/**
 * Ends the session of `sessionCookie` (the browser's, if it sent one) and, when the hint is an ID token still in its
 * lifetime, the session it names if it is its user's: an app's cross-site POST arrives without the (SameSite=Lax)
 * session cookie, and an old hint that leaked ends nothing. Returns where to send the browser, or undefined for
 * Tessera's "signed out" page.
 */
export async function completeLogout(
  sessions: Pick<SessionManager, 'end' | 'endBySid'>,
  request: LogoutRequest,
  sessionCookie: string | undefined,
): Promise<string | undefined> {
  await sessions.end(sessionCookie);
  const { sid, sub, current } = request.hinted ?? {};
  if (current && sid !== undefined && sub !== undefined) await sessions.endBySid(sid, sub);
  if (!request.postLogoutRedirectUri) return undefined;
  const url = new URL(request.postLogoutRedirectUri);
  if (request.state) url.searchParams.append('state', request.state);
  return url.toString();
}

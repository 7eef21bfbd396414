// Reads the signed-in user of a browser request, if any, and signs a browser in once a password has been checked.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_MAX_SECONDS } from '../accounts/session-manager.js';
import type { Session } from '../accounts/session-store.js';
import { TRUSTED_DEVICE_SECONDS } from '../accounts/trusted-devices.js';
import type { User } from '../accounts/user.js';
import { readCookie, SESSION_COOKIE, setDeviceCookie, setSessionCookie } from './browser-cookies.js';
import type { HttpDependencies } from './dependencies.js';

export interface SignedIn {
  session: Session;
  user: User;
}

export async function currentSignIn(
  request: FastifyRequest,
  deps: HttpDependencies,
): Promise<SignedIn | undefined> {
  const session = await deps.sessions.resume(readCookie(request, SESSION_COOKIE));
  if (!session) return undefined;
  const user = await deps.stores.users.findById(session.userId);
  // A disabled account's sessions stop working at once, and so does every session begun before a password change.
  if (!user || user.disabledAt !== null || user.credentialsVersion !== session.credentialsVersion)
    return undefined;
  return { session, user };
}

/**
 * Signs the browser in as `user` (as read before its password was checked, or as just created with it): a new
 * session, and a note that this browser is one the account uses (trusted-devices.ts).
 */
export async function startBrowserSession(
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
  deps: Pick<HttpDependencies, 'sessions' | 'trustedDevices'>,
): Promise<void> {
  // A new session id at every sign-in (no session fixation); the old session, if any, ends.
  await deps.sessions.end(readCookie(request, SESSION_COOKIE));
  const { cookieValue } = await deps.sessions.start(user, ['pwd']);
  setSessionCookie(reply, cookieValue, SESSION_MAX_SECONDS);
  setDeviceCookie(reply, await deps.trustedDevices.issue(user), TRUSTED_DEVICE_SECONDS);
}

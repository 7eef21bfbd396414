// Reads the signed-in user of a browser request, if any, and signs a browser in once its factors have been checked.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { completeSignIn } from '../accounts/complete-sign-in.js';
import { isLiveSignIn } from '../accounts/live-account.js';
import { SESSION_MAX_SECONDS, type SessionManager } from '../accounts/session-manager.js';
import type { Session } from '../accounts/session-store.js';
import { TRUSTED_DEVICE_SECONDS, type TrustedDevices } from '../accounts/trusted-devices.js';
import type { User } from '../accounts/user.js';
import type { Stores } from '../store/stores.js';
import { readCookie, SESSION_COOKIE, setDeviceCookie, setSessionCookie } from './browser-cookies.js';

export interface SignedIn {
  session: Session;
  user: User;
}

/** What reading the signed-in user needs: the session manager and the accounts. */
export interface BrowserSessionDependencies {
  sessions: Pick<SessionManager, 'resume'>;
  stores: Pick<Stores, 'users'>;
}

/** What signing a browser in needs: a new session and the trusted-device note. */
export interface StartBrowserSessionDependencies {
  sessions: Pick<SessionManager, 'start' | 'end'>;
  trustedDevices: Pick<TrustedDevices, 'issue'>;
}

export async function currentSignIn(
  request: FastifyRequest,
  deps: BrowserSessionDependencies,
): Promise<SignedIn | undefined> {
  const session = await deps.sessions.resume(readCookie(request, SESSION_COOKIE));
  if (!session) return undefined;
  const user = await deps.stores.users.findById(session.userId);
  // A disabled account's sessions stop working at once, and so does every session begun before a password change.
  if (!isLiveSignIn(session, user)) return undefined;
  return { session, user };
}

/**
 * Signs the browser in as `user` (as read before its factors were checked, or as just created with a password) by the
 * methods in `amr` (RFC 8176; a password alone unless given): the cookies of completeSignIn's new session and of this
 * browser being one the account uses (trusted-devices.ts).
 */
export async function startBrowserSession(
  request: FastifyRequest,
  reply: FastifyReply,
  user: User,
  deps: StartBrowserSessionDependencies,
  amr: string[] = ['pwd'],
): Promise<void> {
  const device = { userAgent: request.headers['user-agent'], ipAddress: request.ip };
  const signedIn = await completeSignIn(deps, user, amr, readCookie(request, SESSION_COOKIE), device);
  setSessionCookie(reply, signedIn.sessionCookie, SESSION_MAX_SECONDS);
  setDeviceCookie(reply, signedIn.deviceCookie, TRUSTED_DEVICE_SECONDS);
}

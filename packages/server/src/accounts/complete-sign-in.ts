// Where every way of signing in ends, once its factors are checked (a password today; MFA and passkeys next): the
// browser's previous session ends, a new one begins, and the browser is remembered as one the account uses.
import type { SessionDevice, SessionManager } from './session-manager.js';
import type { TrustedDevices } from './trusted-devices.js';
import type { User } from './user.js';

export interface CompleteSignInDependencies {
  sessions: Pick<SessionManager, 'start' | 'end'>;
  trustedDevices: Pick<TrustedDevices, 'issue'>;
}

/** What the browser is to keep: the new session's cookie value (never stored) and its device cookie. */
export interface CompletedSignIn {
  sessionCookie: string;
  deviceCookie: string;
}

/**
 * Signs `user` in (as read before its factors were checked, or as just created), by the methods in `amr` (RFC 8176):
 * a new session id at every sign-in, so no session fixation, and the session the browser had, if any, ends.
 */
export async function completeSignIn(
  deps: CompleteSignInDependencies,
  user: User,
  amr: string[],
  previousSessionCookie: string | undefined,
  /** The browser and network, for the person's list of sessions. */
  device: SessionDevice = {},
): Promise<CompletedSignIn> {
  await deps.sessions.end(previousSessionCookie);
  const { cookieValue } = await deps.sessions.start(user, amr, device);
  return { sessionCookie: cookieValue, deviceCookie: await deps.trustedDevices.issue(user) };
}

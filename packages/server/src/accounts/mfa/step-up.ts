// Step-up: a signed-in session that must show a second factor for a request (acr_values, a client that requires
// MFA) gets the same second-factor page as a sign-in, from a pending sign-in that names the session. When the code
// passes, that session records the second factor (its methods and when), keeping its sign-in time: no new session,
// so the sign-in's auth_time stays true, and two factors count from now (authentication-context.ts).
import type { SessionManager } from '../session-manager.js';
import type { Session } from '../session-store.js';
import type { User } from '../user.js';
import type { PendingSignIn, PendingSignIns } from './pending-sign-in.js';
import { confirmedTotpFactor } from './sign-in-with-second-factor.js';

/**
 * The pending sign-in cookie that takes the signed-in `user`'s `session` to the second factor, or undefined when the
 * account has no second factor to step up with.
 */
export async function beginStepUp(
  deps: Parameters<typeof confirmedTotpFactor>[0] & { pendingSignIns: Pick<PendingSignIns, 'issue'> },
  signedIn: { user: User; session: Pick<Session, 'sid' | 'amr'> },
): Promise<string | undefined> {
  const factor = await confirmedTotpFactor(deps, signedIn.user);
  if (!factor) return undefined;
  return deps.pendingSignIns.issue(signedIn.user, factor, signedIn.session.amr, signedIn.session.sid);
}

/**
 * Records the second factor of a passed step-up (`amr`: the methods signInWithSecondFactor returned) in the session it
 * began in. Returns false when the browser's session (`current`) is no longer that one, or has ended: the person
 * starts again.
 */
export async function completeStepUp(
  sessions: Pick<SessionManager, 'recordSecondFactor'>,
  pending: Pick<PendingSignIn, 'stepUpOf' | 'userId'>,
  current: { session: Session; user: User } | undefined,
  amr: string[],
): Promise<boolean> {
  if (!current || current.session.sid !== pending.stepUpOf || current.user.id !== pending.userId)
    return false;
  return sessions.recordSecondFactor(current.session, amr);
}

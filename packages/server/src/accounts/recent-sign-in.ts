// Re-authentication: changes that weaken an account's protection (turning a second factor off, making new recovery
// codes) need a sign-in within the last few minutes, not just a live session, so a browser left signed in or a
// stolen session cookie cannot make them (OWASP Authentication: re-authenticate for sensitive features).
import { TesseraError } from '../tessera-error.js';
import type { Session } from './session-store.js';

/** How recent the sign-in must be. */
export const REAUTHENTICATION_SECONDS = 5 * 60;

/** The session's sign-in is older than REAUTHENTICATION_SECONDS: the person must sign in again first. */
export class ReauthenticationRequiredError extends TesseraError {
  readonly code = 'reauthentication_required';
  constructor() {
    super('sign in again to make this change', { status: 403 });
    this.name = 'ReauthenticationRequiredError';
  }
}

/** Throws ReauthenticationRequiredError unless the session signed in within REAUTHENTICATION_SECONDS of `now`. */
export function requireRecentSignIn(session: Pick<Session, 'authTime'>, now: number): void {
  const age = now - session.authTime;
  if (!(age >= 0 && age < REAUTHENTICATION_SECONDS)) throw new ReauthenticationRequiredError();
}

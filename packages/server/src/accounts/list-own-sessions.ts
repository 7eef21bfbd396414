// The signed-in person's own sessions, for the account page: where each signed in from (browser and system, summarised
// from its User-Agent by bowser; the network address), when it began and was last seen (at most a minute behind:
// session-manager.ts), whether it used two factors, and which one is this browser's.
import Bowser from 'bowser';
import { isMultiFactor } from './authentication-context.js';
import type { SessionManager } from './session-manager.js';
import type { Session } from './session-store.js';

export interface OwnSession {
  /** The session's public id: what "sign out" names. */
  sid: string;
  /** "Firefox on Linux", or "Unknown browser". */
  device: string;
  ipAddress: string | null;
  signedInAt: number;
  lastSeenAt: number;
  twoFactor: boolean;
  current: boolean;
}

/** A browser and its system in words, from a User-Agent header; "Unknown browser" when there is none to read. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const system = parsed.os.name;
  if (!browser && !system) return 'Unknown browser';
  return system ? `${browser ?? 'A browser'} on ${system}` : (browser as string);
}

/** The live sessions of the account `current` belongs to, most recently seen first, `current` marked. */
export async function listOwnSessions(
  sessions: Pick<SessionManager, 'listForUser'>,
  current: Pick<Session, 'userId' | 'sid'>,
): Promise<OwnSession[]> {
  return (await sessions.listForUser(current.userId)).map((session) => ({
    sid: session.sid,
    device: describeDevice(session.userAgent),
    ipAddress: session.ipAddress,
    signedInAt: session.authTime,
    lastSeenAt: session.lastSeenAt,
    twoFactor: isMultiFactor(session.amr),
    current: session.sid === current.sid,
  }));
}

// Reads the signed-in user of a browser request, if any.
import type { FastifyRequest } from 'fastify';
import type { Session } from '../accounts/session-store.js';
import type { User } from '../accounts/user.js';
import { readCookie, SESSION_COOKIE } from './browser-cookies.js';
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

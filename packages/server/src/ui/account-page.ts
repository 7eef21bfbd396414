// The account page (/account): what a signed-in person manages about their own account. Today: who they are and
// two-factor sign-in (account-totp-pages.ts); sessions, consents, passkeys and the password will each add a section
// to the view and their forms beside it. A browser that is not signed in is sent through sign-in and back.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { secondFactorStatus } from '../accounts/mfa/manage-totp.js';
import { RECOVERY_CODE_COUNT } from '../accounts/mfa/recovery-codes.js';
import type { SecondFactorDependencies } from '../accounts/mfa/second-factor-dependencies.js';
import { type BrowserSessionDependencies, currentSignIn, type SignedIn } from '../http/browser-session.js';
import { csrfTokenFor } from '../http/csrf.js';
import { UI_PATHS } from './paths.js';
import { renderPage } from './render-page.js';
import { pendingReturnTo, withReturnTo } from './return-to.js';

export type AccountPageDependencies = BrowserSessionDependencies &
  SecondFactorDependencies & { issuer: string };

/** The notices the page shows on arrival, by `?done=`. */
const NOTICES: Record<string, string> = {
  totp_off: 'Two-factor sign-in is off. Your recovery codes no longer work.',
};

/** The signed-in account, or undefined once the browser has been sent to sign in (coming back to the account page). */
export async function signedInOrSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: BrowserSessionDependencies,
): Promise<SignedIn | undefined> {
  const signedIn = await currentSignIn(request, deps);
  if (!signedIn) reply.redirect(withReturnTo(UI_PATHS.signIn, UI_PATHS.account), 303);
  return signedIn;
}

/**
 * Sends the browser through a fresh sign-in and back to the account page, or to the pending authorization request
 * that sent it to set a second factor up (the change needs a recent sign-in).
 */
export function reauthenticate(reply: FastifyReply, returnTo: string = UI_PATHS.account): FastifyReply {
  const back = pendingReturnTo(returnTo) ?? UI_PATHS.account;
  return reply.redirect(withReturnTo(`${UI_PATHS.signIn}?reauthenticate=1`, back), 303);
}

export function registerAccountPage(app: FastifyInstance, deps: AccountPageDependencies): void {
  app.get(UI_PATHS.account, async (request, reply) => {
    const signedIn = await signedInOrSignIn(request, reply, deps);
    if (!signedIn) return reply;
    const done = (request.query as Record<string, unknown>).done;
    return renderPage(reply, 'account', {
      csrfToken: csrfTokenFor(request, reply),
      user: signedIn.user,
      secondFactor: await secondFactorStatus(deps, signedIn.user),
      recoveryCodeCount: RECOVERY_CODE_COUNT,
      notice: typeof done === 'string' ? (NOTICES[done] ?? '') : '',
    });
  });
}

// After sign-up or a password reset: back to the sign-in page, with a notice, the email filled in and the pending
// authorization request, so that signing in goes on to the app the person came from.
import type { FastifyReply } from 'fastify';
import { setLoginHintCookie } from '../http/browser-cookies.js';
import { UI_PATHS } from './paths.js';
import { withReturnTo } from './return-to.js';

/** What the sign-in page says on arrival: `/login?registered=1` or `/login?password_changed=1`. */
export type SignInNotice = 'registered' | 'password_changed';

export function redirectToSignIn(
  reply: FastifyReply,
  notice: SignInNotice,
  email: string,
  returnTo: string,
): FastifyReply {
  setLoginHintCookie(reply, email);
  return reply.redirect(withReturnTo(`${UI_PATHS.signIn}?${notice}=1`, returnTo), 303);
}

// "Forgot your password?": /forgot-password asks for the email and sends a link (accounts/password-reset.ts);
// /reset-password sets the new password. Both exist only when outgoing mail is configured.
// The link's page keeps its token in a cookie (emailed-link-page.ts). A reset asked for from an app's sign-in page
// keeps that authorization request (return_to) with the link, server-side; once the password is set, the sign-in
// page for that app follows, the email filled in, and signing in goes on to the app.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PasswordResets } from '../accounts/password-reset.js';
import { type OpenResetLink, PasswordResetError, RESET_LINK_SECONDS } from '../accounts/password-reset.js';
import type { User } from '../accounts/user.js';
import { RESET_COOKIE } from '../http/browser-cookies.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import { redirectToSignIn } from './back-to-sign-in.js';
import { registerEmailedLinkRoutes } from './emailed-link-page.js';
import { UI_PATHS } from './paths.js';
import { renderErrorPage, renderPage } from './render-page.js';
import { pendingReturnTo, safeReturnTo, withReturnTo } from './return-to.js';
import { inHowLong } from './wait-phrase.js';

export const RESET_LINK_SENT_NOTICE = `If an account uses that email, a link to reset its password is on its way. It works for ${RESET_LINK_SECONDS / 60} minutes.`;
export const PASSWORD_CHANGED_NOTICE = 'Your password was changed. Sign in with the new one.';

export interface PasswordResetPagesDependencies {
  issuer: string;
  /** Password reset by email; undefined when no mail server is configured. */
  passwordResets: PasswordResets | undefined;
}

export function registerPasswordResetPages(app: FastifyInstance, deps: PasswordResetPagesDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const resets = deps.passwordResets;
  const unavailable = (reply: FastifyReply) =>
    renderErrorPage(
      reply,
      {
        title: 'Password reset is not available',
        message: 'Ask an administrator to set a new password for you.',
        code: 'password_reset_disabled',
      },
      404,
    );
  const showForgotForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    view: { returnTo: string; notice: string; error: string },
    status = 200,
  ) =>
    renderPage(
      reply,
      'forgot-password',
      {
        csrfToken: csrfTokenFor(request, reply),
        signInHref: withReturnTo(UI_PATHS.signIn, view.returnTo),
        ...view,
      },
      status,
    );

  app.get(UI_PATHS.forgotPassword, async (request, reply) => {
    if (!resets) return unavailable(reply);
    const query = request.query as Record<string, unknown>;
    return showForgotForm(request, reply, {
      returnTo: safeReturnTo(query.return_to),
      notice: query.sent === '1' ? RESET_LINK_SENT_NOTICE : '',
      error: '',
    });
  });

  app.post(UI_PATHS.forgotPassword, async (request, reply) => {
    if (!resets) return unavailable(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    const returnTo = safeReturnTo(form.get('return_to'));
    if (email === '') return reply.redirect(withReturnTo(UI_PATHS.forgotPassword, returnTo), 303);
    // The look-up and the email come later, in the background: the outcome is the same for every address.
    const outcome = await resets.request(email, request.ip, pendingReturnTo(returnTo));
    if (outcome.accepted)
      return reply.redirect(withReturnTo(`${UI_PATHS.forgotPassword}?sent=1`, returnTo), 303);
    const error =
      outcome.reason === 'too_many_requests'
        ? `Too many reset requests from your network. Try again ${inHowLong(outcome.retryAfterSeconds)}.`
        : 'Too many reset requests right now. Try again in a few minutes.';
    reply.header(
      'retry-after',
      outcome.reason === 'too_many_requests' ? String(outcome.retryAfterSeconds) : '60',
    );
    return showForgotForm(
      request,
      reply,
      { returnTo, notice: '', error },
      outcome.reason === 'too_many_requests' ? 429 : 503,
    );
  });

  registerEmailedLinkRoutes<OpenResetLink, User>(app, UI_PATHS.resetPassword, {
    issuerOrigin,
    page: resets && {
      cookie: RESET_COOKIE,
      lifetimeSeconds: RESET_LINK_SECONDS,
      open: (token) => resets.linkFor(token),
      emailOf: (opened) => opened.user.email,
      complete: (token, password) => resets.complete(token, password),
      // The stored request is checked again on the way out, like every return_to.
      done: async (_request, reply, _result, opened) =>
        redirectToSignIn(reply, 'password_changed', opened.user.email, safeReturnTo(opened.returnTo)),
    },
    unavailable,
    // The page's code is the error's, which is how the factory knows a link that stopped working.
    invalidLink: {
      title: 'Link expired',
      message: new PasswordResetError().message,
      code: new PasswordResetError().code,
    },
    view: 'reset-password',
  });
}

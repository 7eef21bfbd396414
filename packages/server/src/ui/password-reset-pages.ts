// "Forgot your password?": /forgot-password asks for the email and sends a link (accounts/password-reset.ts);
// /reset-password sets the new password. Both exist only when outgoing mail is configured.
// The link's page keeps its token in a cookie (emailed-link-page.ts). A reset asked for from an app's sign-in page
// keeps that authorization request (return_to) with the link, server-side; once the password is set, the sign-in
// page for that app follows, the email filled in, and signing in goes on to the app.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PasswordPolicyError } from '../accounts/password-policy.js';
import type { PasswordResets } from '../accounts/password-reset.js';
import { type OpenResetLink, PasswordResetError, RESET_LINK_SECONDS } from '../accounts/password-reset.js';
import { clearLinkCookie, RESET_COOKIE } from '../http/browser-cookies.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import { redirectToSignIn } from './back-to-sign-in.js';
import { type EmailedLinkPage, keptLink, landOnEmailedLink } from './emailed-link-page.js';
import { type FieldErrors, hasErrors, newPasswordErrors } from './form-errors.js';
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
  const invalidLink = (reply: FastifyReply) => {
    clearLinkCookie(reply, RESET_COOKIE);
    return renderErrorPage(
      reply,
      { title: 'Link expired', message: new PasswordResetError().message, code: 'invalid_reset_link' },
      400,
    );
  };

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

  const showResetForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    fieldErrors: FieldErrors = {},
  ) =>
    renderPage(
      reply,
      'reset-password',
      { csrfToken: csrfTokenFor(request, reply), email, fieldErrors },
      hasErrors(fieldErrors) ? 400 : 200,
    );

  const linkPage: EmailedLinkPage<OpenResetLink> | undefined = resets && {
    path: UI_PATHS.resetPassword,
    cookie: RESET_COOKIE,
    lifetimeSeconds: RESET_LINK_SECONDS,
    open: (token) => resets.linkFor(token),
  };

  app.get(UI_PATHS.resetPassword, async (request, reply) => {
    if (!linkPage) return unavailable(reply);
    const link = await landOnEmailedLink(request, reply, linkPage);
    if (link === 'redirected') return reply;
    if (!link) return invalidLink(reply);
    return showResetForm(request, reply, link.user.email);
  });

  app.post(UI_PATHS.resetPassword, async (request, reply) => {
    if (!resets || !linkPage) return unavailable(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const kept = await keptLink(request, linkPage);
    if (!kept) return invalidLink(reply);
    const { token, opened } = kept;
    const { user } = opened;
    const password = form.get('password') ?? '';
    const fieldErrors = newPasswordErrors(password, form.get('password_confirm') ?? '', user.email);
    if (hasErrors(fieldErrors)) return showResetForm(request, reply, user.email, fieldErrors);
    try {
      await resets.complete(token, password);
    } catch (error) {
      if (error instanceof PasswordPolicyError)
        return showResetForm(request, reply, user.email, {
          password: { code: error.code, message: error.message },
        });
      if (error instanceof PasswordResetError) return invalidLink(reply);
      throw error;
    }
    clearLinkCookie(reply, RESET_COOKIE);
    // The stored request is checked again on the way out, like every return_to.
    return redirectToSignIn(reply, 'password_changed', user.email, safeReturnTo(opened.returnTo));
  });
}

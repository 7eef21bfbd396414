// "Forgot your password?": /forgot-password asks for the email and sends a link (accounts/password-reset.ts);
// /reset-password sets the new password. Both exist only when outgoing mail is configured.
//
// The emailed link carries its token in the query. Its first request moves the token into an HttpOnly cookie and
// redirects to the bare /reset-password, so the token does not stay in the address bar, the history, or the access
// logs of anything behind the first hop.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PasswordPolicyError } from '../accounts/password-policy.js';
import { PasswordResetError, RESET_LINK_SECONDS } from '../accounts/password-reset.js';
import { clearResetCookie, RESET_COOKIE, readCookie, setResetCookie } from '../http/browser-cookies.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import type { HttpDependencies } from '../http/dependencies.js';
import { formParamsOf } from '../http/form-body.js';
import { renderErrorPage, renderPage } from './render-page.js';

export const RESET_LINK_SENT_NOTICE = `If an account uses that email, a link to reset its password is on its way. It works for ${RESET_LINK_SECONDS / 60} minutes.`;
export const PASSWORD_CHANGED_NOTICE = 'Your password was changed. Sign in with the new one.';

export function registerPasswordResetPages(app: FastifyInstance, deps: HttpDependencies): void {
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
    clearResetCookie(reply);
    return renderErrorPage(
      reply,
      { title: 'Link expired', message: new PasswordResetError().message, code: 'invalid_reset_link' },
      400,
    );
  };

  app.get('/forgot-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const sent = (request.query as Record<string, string>).sent === '1';
    return renderPage(reply, 'forgot-password', {
      csrfToken: csrfTokenFor(request, reply),
      notice: sent ? RESET_LINK_SENT_NOTICE : '',
      error: '',
    });
  });

  app.post('/forgot-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    if (email === '') return reply.redirect('/forgot-password', 303);
    // The look-up and the email come later, in the background: the outcome is the same for every address.
    const outcome = await resets.request(email, request.ip);
    if (outcome.accepted) return reply.redirect('/forgot-password?sent=1', 303);
    const error =
      outcome.reason === 'too_many_requests'
        ? 'Too many reset requests from your network. Try again in 15 minutes.'
        : 'Too many reset requests right now. Try again in a few minutes.';
    reply.header(
      'retry-after',
      outcome.reason === 'too_many_requests' ? String(outcome.retryAfterSeconds) : '60',
    );
    return renderPage(
      reply,
      'forgot-password',
      { csrfToken: csrfTokenFor(request, reply), notice: '', error },
      outcome.reason === 'too_many_requests' ? 429 : 503,
    );
  });

  const showResetForm = (request: FastifyRequest, reply: FastifyReply, email: string, error: string) =>
    renderPage(
      reply,
      'reset-password',
      { csrfToken: csrfTokenFor(request, reply), email, error },
      error ? 400 : 200,
    );

  app.get('/reset-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const fromLink = (request.query as Record<string, unknown>).token;
    if (fromLink !== undefined) {
      // Only a link that works is kept: nothing else can be planted in the cookie through a crafted URL.
      if (typeof fromLink !== 'string' || !(await resets.accountFor(fromLink))) return invalidLink(reply);
      setResetCookie(reply, fromLink, RESET_LINK_SECONDS);
      return reply.redirect('/reset-password', 303);
    }
    const user = await resets.accountFor(readCookie(request, RESET_COOKIE) ?? '');
    if (!user) return invalidLink(reply);
    return showResetForm(request, reply, user.email, '');
  });

  app.post('/reset-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const token = readCookie(request, RESET_COOKIE) ?? '';
    const password = form.get('password') ?? '';
    const user = await resets.accountFor(token);
    if (!user) return invalidLink(reply);
    if (password !== (form.get('password_confirm') ?? '')) {
      return showResetForm(request, reply, user.email, 'The two passwords are not the same.');
    }
    try {
      await resets.complete(token, password);
    } catch (error) {
      if (error instanceof PasswordPolicyError)
        return showResetForm(request, reply, user.email, error.message);
      if (error instanceof PasswordResetError) return invalidLink(reply);
      throw error;
    }
    clearResetCookie(reply);
    return reply.redirect('/login?password_changed=1', 303);
  });
}

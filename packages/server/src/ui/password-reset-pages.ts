// "Forgot your password?": /forgot-password asks for the email and sends a link (accounts/password-reset.ts);
// /reset-password?token=… sets the new password. Both exist only when outgoing mail is configured.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PasswordPolicyError } from '../accounts/password-policy.js';
import { PasswordResetError } from '../accounts/password-reset.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import type { HttpDependencies } from '../http/dependencies.js';
import { formParamsOf } from '../http/form-body.js';
import { renderErrorPage, renderPage } from './render-page.js';

export const RESET_LINK_SENT_NOTICE =
  'If an account uses that email, a link to reset its password is on its way. It works for 30 minutes.';
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
  const invalidLink = (reply: FastifyReply) =>
    renderErrorPage(
      reply,
      { title: 'Link expired', message: new PasswordResetError().message, code: 'invalid_reset_link' },
      400,
    );

  app.get('/forgot-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const sent = (request.query as Record<string, string>).sent === '1';
    return renderPage(reply, 'forgot-password', {
      csrfToken: csrfTokenFor(request, reply),
      notice: sent ? RESET_LINK_SENT_NOTICE : '',
    });
  });

  app.post('/forgot-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const email = (form.get('email') ?? '').trim().slice(0, 320);
    // Queued, not awaited: the answer is the same, and as fast, for every address.
    if (email !== '') resets.request(email);
    return reply.redirect('/forgot-password?sent=1', 303);
  });

  const showResetForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    view: { token: string; email: string; error: string },
    status = 200,
  ) =>
    renderPage(
      reply,
      'reset-password',
      {
        csrfToken: csrfTokenFor(request, reply),
        ...view,
      },
      status,
    );

  app.get('/reset-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const token = String((request.query as Record<string, unknown>).token ?? '');
    const user = await resets.accountFor(token);
    if (!user) return invalidLink(reply);
    return showResetForm(request, reply, { token, email: user.email, error: '' });
  });

  app.post('/reset-password', async (request, reply) => {
    if (!resets) return unavailable(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const token = form.get('token') ?? '';
    const password = form.get('password') ?? '';
    const user = await resets.accountFor(token);
    if (!user) return invalidLink(reply);
    const again = (error: string) => showResetForm(request, reply, { token, email: user.email, error }, 400);
    if (password !== (form.get('password_confirm') ?? ''))
      return again('The two passwords are not the same.');
    try {
      await resets.complete(token, password);
    } catch (error) {
      if (error instanceof PasswordPolicyError) return again(error.message);
      if (error instanceof PasswordResetError) return invalidLink(reply);
      throw error;
    }
    return reply.redirect('/login?password_changed=1', 303);
  });
}

// Self sign-up (off unless TESSERA_SIGNUP_ENABLED=true). The answer is the same whether or not the email already
// has an account, and costs the same argon2id work, so the page cannot be used to find out who is registered.

import type { FastifyInstance } from 'fastify';
import { createUser, InvalidEmailError } from '../accounts/create-user.js';
import { countNetworkRequest, type RequestLimit } from '../accounts/login-throttle.js';
import { checkPasswordPolicy, PasswordPolicyError } from '../accounts/password-policy.js';
import { UserExistsError } from '../accounts/user.js';
import { epochSeconds } from '../clock.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import type { HttpDependencies } from '../http/dependencies.js';
import { formParamsOf } from '../http/form-body.js';
import { renderErrorPage, renderPage } from './render-page.js';

export const SIGNED_UP_NOTICE = 'If that email could be registered, the account is ready. Sign in with it.';
/** Each sign-up costs an argon2id hash and may create an account: ten per network (IPv6: /64) per 15 minutes. */
export const SIGNUPS_PER_ADDRESS: RequestLimit = { kind: 'signup', max: 10, windowSeconds: 15 * 60 };

export function registerSignUpPage(app: FastifyInstance, deps: HttpDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const disabled = (reply: Parameters<typeof renderErrorPage>[0]) =>
    renderErrorPage(
      reply,
      {
        title: 'Sign-up is closed',
        message: 'Ask an administrator for an account.',
        code: 'signup_disabled',
      },
      404,
    );

  app.get('/signup', async (request, reply) => {
    if (!deps.signUpEnabled) return disabled(reply);
    return renderPage(reply, 'signup', {
      csrfToken: csrfTokenFor(request, reply),
      error: '',
      email: '',
      name: '',
    });
  });

  app.post('/signup', async (request, reply) => {
    if (!deps.signUpEnabled) return disabled(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const email = (form.get('email') ?? '').trim();
    const name = (form.get('name') ?? '').trim().slice(0, 200);
    const password = form.get('password') ?? '';
    const now = epochSeconds(deps.clock);
    const counted = await countNetworkRequest(
      deps.stores.loginThrottle,
      SIGNUPS_PER_ADDRESS,
      request.ip,
      now,
    );
    if (!counted.allowed) {
      const minutes = Math.max(1, Math.ceil(counted.retryAfterSeconds / 60));
      reply.header('retry-after', String(counted.retryAfterSeconds));
      return renderPage(
        reply,
        'signup',
        {
          csrfToken: csrfTokenFor(request, reply),
          error: `Too many sign-ups from your network. Try again in ${minutes} minute(s).`,
          email,
          name,
        },
        429,
      );
    }
    try {
      checkPasswordPolicy(password, email);
      await createUser(
        { email, password, name: name || undefined },
        deps.stores.users,
        deps.passwordHasher,
        deps.clock,
      );
    } catch (error) {
      if (error instanceof PasswordPolicyError || error instanceof InvalidEmailError) {
        return renderPage(
          reply,
          'signup',
          { csrfToken: csrfTokenFor(request, reply), error: error.message, email, name },
          400,
        );
      }
      // An existing account is not revealed: same answer, and createUser already spent the hashing time.
      if (!(error instanceof UserExistsError)) throw error;
    }
    return reply.redirect('/login?registered=1', 303);
  });
}

// The sign-in page: GET shows the form, POST checks the password and starts a session.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_MAX_SECONDS } from '../accounts/session-manager.js';
import { SignInError, signInWithPassword } from '../accounts/sign-in-with-password.js';
import { TRUSTED_DEVICE_SECONDS } from '../accounts/trusted-devices.js';
import {
  DEVICE_COOKIE,
  readCookie,
  SESSION_COOKIE,
  setDeviceCookie,
  setSessionCookie,
} from '../http/browser-cookies.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import type { HttpDependencies } from '../http/dependencies.js';
import { formParamsOf } from '../http/form-body.js';
import { EMAIL_REQUIRED, type FieldErrors, type FormError, PASSWORD_REQUIRED } from './form-errors.js';
import { PASSWORD_CHANGED_NOTICE } from './password-reset-pages.js';
import { renderPage } from './render-page.js';
import { safeReturnTo } from './return-to.js';
import { SIGNED_UP_NOTICE } from './signup-page.js';
import { inHowLong } from './wait-phrase.js';

export function registerLoginPage(app: FastifyInstance, deps: HttpDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    view: { returnTo: string; email: string; error?: FormError; fieldErrors?: FieldErrors; notice?: string },
    status = 200,
  ) {
    const clientId = new URLSearchParams(view.returnTo.split('?')[1] ?? '').get('client_id');
    const client = clientId ? await deps.stores.clients.findById(clientId) : undefined;
    return renderPage(
      reply,
      'login',
      {
        csrfToken: csrfTokenFor(request, reply),
        clientName: client?.name ?? '',
        error: undefined,
        fieldErrors: {},
        notice: '',
        signUpEnabled: deps.signUpEnabled,
        passwordResetEnabled: deps.passwordResets !== undefined,
        ...view,
      },
      status,
    );
  }

  app.get('/login', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const returnTo = safeReturnTo(query.return_to);
    const loginHint = new URLSearchParams(returnTo.split('?')[1] ?? '').get('login_hint') ?? '';
    const notice =
      query.registered === '1'
        ? SIGNED_UP_NOTICE
        : query.password_changed === '1'
          ? PASSWORD_CHANGED_NOTICE
          : '';
    return showForm(request, reply, { returnTo, email: loginHint.slice(0, 320), notice });
  });

  app.post('/login', async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const returnTo = safeReturnTo(form.get('return_to'));
    const email = (form.get('email') ?? '').trim();
    const password = form.get('password') ?? '';
    // An empty field is a form to finish, not a guess: it says what is missing, and the throttle never sees it.
    if (email === '' || password === '') {
      const fieldErrors: FieldErrors = {
        email: email === '' ? EMAIL_REQUIRED : undefined,
        password: password === '' ? PASSWORD_REQUIRED : undefined,
      };
      return showForm(request, reply, { returnTo, email, fieldErrors }, 400);
    }
    try {
      const user = await signInWithPassword(
        email,
        password,
        { address: request.ip, deviceCookie: readCookie(request, DEVICE_COOKIE) },
        {
          users: deps.stores.users,
          throttle: deps.stores.loginThrottle,
          hasher: deps.passwordHasher,
          clock: deps.clock,
          trustedDevices: deps.trustedDevices,
        },
      );
      // A new session id at every sign-in (no session fixation); the old session, if any, ends.
      await deps.sessions.end(readCookie(request, SESSION_COOKIE));
      const { cookieValue } = await deps.sessions.start(user, ['pwd']);
      setSessionCookie(reply, cookieValue, SESSION_MAX_SECONDS);
      const deviceNote = await deps.trustedDevices.issue(user);
      setDeviceCookie(reply, deviceNote, TRUSTED_DEVICE_SECONDS);
      return reply.redirect(returnTo, 303);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      const tooMany = error.code === 'too_many_attempts';
      if (tooMany) reply.header('retry-after', String(error.retryAfterSeconds));
      const message = tooMany
        ? `Too many attempts. Try again ${inHowLong(error.retryAfterSeconds)}.`
        : 'Incorrect email or password.';
      return showForm(
        request,
        reply,
        { returnTo, email, error: { code: error.code, message } },
        tooMany ? 429 : 401,
      );
    }
  });
}

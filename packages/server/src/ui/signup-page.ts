// Self sign-up (off unless TESSERA_SIGNUP_ENABLED=true). The answer is the same whether or not the email already
// has an account, so the page cannot be used to find out who is registered.
//
// With outgoing mail configured, sign-up goes by email (accounts/sign-up-by-email.ts): /signup takes the email and
// sends a link to /signup/complete (which keeps its token in a cookie, see emailed-link-page.ts), where the mailbox's
// owner chooses the password. Without mail, /signup creates the account at once
// (its email unverified), after the same argon2id work whether or not the email is taken.
//
// A sign-up begun from an app's sign-in page carries that authorization request (return_to) and goes back to it.
// Without mail, it leads to the sign-in page (email filled in), not into a session: the answer must be the same
// whether or not the email was already registered, and only the account's owner may sign in to an existing one.
// By email, the return_to is kept with the link, server-side, and the link's owner, who has just proven the mailbox
// and chosen the password, is signed in and goes on to the app, as Keycloak does. Without a pending request, both
// lead to the sign-in page as before.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PasswordHasher } from '../accounts/password-hasher.js';
import type { SignUps } from '../accounts/sign-up-by-email.js';
import { SIGNUP_LINK_SECONDS, SignUpLinkError } from '../accounts/sign-up-by-email.js';
import { signUpDirectly } from '../accounts/sign-up-directly.js';
import type { SignUpLink } from '../accounts/signup-link-store.js';
import type { User } from '../accounts/user.js';
import type { Clock } from '../clock.js';
import { SIGNUP_COOKIE } from '../http/browser-cookies.js';
import { type StartBrowserSessionDependencies, startBrowserSession } from '../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import type { Stores } from '../store/stores.js';
import { redirectToSignIn } from './back-to-sign-in.js';
import { registerEmailedLinkRoutes } from './emailed-link-page.js';
import {
  emailFieldError,
  type FieldErrors,
  type FormError,
  formErrorOf,
  hasErrors,
  newPasswordErrors,
} from './form-errors.js';
import type { Notice } from './notice.js';
import { UI_PATHS } from './paths.js';
import { renderErrorPage, renderPage } from './render-page.js';
import { NO_RETURN_TO, pendingReturnTo, safeReturnTo, withReturnTo } from './return-to.js';
import { inHowLong } from './wait-phrase.js';

export const SIGNED_UP_NOTICE = 'If that email could be registered, the account is ready. Sign in with it.';
export interface SignUpPageDependencies extends StartBrowserSessionDependencies {
  issuer: string;
  clock: Clock;
  stores: Pick<Stores, 'users' | 'rateLimits'>;
  passwordHasher: PasswordHasher;
  signUpEnabled: boolean;
  /** Sign-up by email link; undefined when sign-up is off or no mail server is configured. */
  signUps: SignUps | undefined;
}

/** The notice once a link is on its way; its links keep the pending authorization request. */
export function signUpLinkSentNotice(returnTo: string): Notice {
  return [
    `If that email can be registered, a link to finish creating the account is on its way. It works for ${SIGNUP_LINK_SECONDS / 60} minutes. Already have an account? `,
    { href: withReturnTo(UI_PATHS.signIn, returnTo), text: 'Sign in' },
    ', or ',
    { href: withReturnTo(UI_PATHS.forgotPassword, returnTo), text: 'reset your password' },
    '.',
  ];
}
export const SIGNUP_LINK_SENT_NOTICE = signUpLinkSentNotice(NO_RETURN_TO);
const TOO_MANY = (seconds: number): FormError => ({
  code: 'too_many_requests',
  message: `Too many sign-ups from your network. Try again ${inHowLong(seconds)}.`,
});

export function registerSignUpPage(app: FastifyInstance, deps: SignUpPageDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const signUps = deps.signUps;
  const byEmail = signUps !== undefined;
  const disabled = (reply: FastifyReply) =>
    renderErrorPage(
      reply,
      {
        title: 'Sign-up is closed',
        message: 'Ask an administrator for an account.',
        code: 'signup_disabled',
      },
      404,
    );
  const showForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    view: {
      returnTo: string;
      email?: string;
      name?: string;
      error?: FormError;
      fieldErrors?: FieldErrors;
      notice?: Notice;
    },
    status = 200,
  ) =>
    renderPage(
      reply,
      'signup',
      {
        csrfToken: csrfTokenFor(request, reply),
        byEmail,
        returnTo: view.returnTo,
        signInHref: withReturnTo(UI_PATHS.signIn, view.returnTo),
        email: view.email ?? '',
        name: view.name ?? '',
        error: view.error,
        fieldErrors: view.fieldErrors ?? {},
        notice: view.notice ?? '',
      },
      status,
    );

  app.get(UI_PATHS.signUp, async (request, reply) => {
    if (!deps.signUpEnabled) return disabled(reply);
    const query = request.query as Record<string, unknown>;
    const returnTo = safeReturnTo(query.return_to);
    const sent = byEmail && query.sent === '1';
    return showForm(request, reply, { returnTo, notice: sent ? signUpLinkSentNotice(returnTo) : '' });
  });

  app.post(UI_PATHS.signUp, async (request, reply) => {
    if (!deps.signUpEnabled) return disabled(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const email = (form.get('email') ?? '').trim();
    const name = (form.get('name') ?? '').trim().slice(0, 200);
    const returnTo = safeReturnTo(form.get('return_to'));
    // What was typed is kept, except passwords.
    const refuse = (errors: { error?: FormError; fieldErrors?: FieldErrors }, status: number) =>
      showForm(request, reply, { returnTo, email, name, ...errors }, status);

    if (signUps) {
      const emailError = emailFieldError(email);
      if (emailError) return refuse({ fieldErrors: { email: emailError } }, 400);
      // The look-up and the email come later, in the background: the outcome is the same for every address.
      const outcome = await signUps.request(email, name || undefined, request.ip, pendingReturnTo(returnTo));
      if (outcome.accepted) return reply.redirect(withReturnTo(`${UI_PATHS.signUp}?sent=1`, returnTo), 303);
      const retryAfter = outcome.reason === 'too_many_requests' ? outcome.retryAfterSeconds : 60;
      reply.header('retry-after', String(retryAfter));
      return outcome.reason === 'too_many_requests'
        ? refuse({ error: TOO_MANY(retryAfter) }, 429)
        : refuse(
            {
              error: {
                code: 'temporarily_unavailable',
                message: 'Too many sign-ups right now. Try again in a few minutes.',
              },
            },
            503,
          );
    }

    // Every field's problem is shown at once, before anything is counted or hashed.
    const password = form.get('password') ?? '';
    const fieldErrors: FieldErrors = {
      email: emailFieldError(email),
      ...newPasswordErrors(password, form.get('password_confirm') ?? '', email),
    };
    if (hasErrors(fieldErrors)) return refuse({ fieldErrors }, 400);

    try {
      const outcome = await signUpDirectly(
        {
          users: deps.stores.users,
          rateLimits: deps.stores.rateLimits,
          hasher: deps.passwordHasher,
          clock: deps.clock,
        },
        { email, password, name: name || undefined },
        request.ip,
      );
      if (!outcome.signedUp) {
        reply.header('retry-after', String(outcome.retryAfterSeconds));
        return refuse({ error: TOO_MANY(outcome.retryAfterSeconds) }, 429);
      }
    } catch (error) {
      // Checked above already; kept so that a rule added to createUser alone still answers 400.
      const formError = formErrorOf(error, 'password') ?? formErrorOf(error, 'email');
      if (formError) return refuse({ error: formError }, 400);
      throw error;
    }
    return redirectToSignIn(reply, 'registered', email, returnTo);
  });

  // Sign-up by email: the link's landing page and the password form.
  registerEmailedLinkRoutes<SignUpLink, User>(app, UI_PATHS.signUpComplete, {
    issuerOrigin,
    page: signUps && {
      cookie: SIGNUP_COOKIE,
      lifetimeSeconds: SIGNUP_LINK_SECONDS,
      open: (token) => signUps.linkFor(token),
      emailOf: (link) => link.email,
      complete: (token, password) => signUps.complete(token, password),
      async done(request, reply, user, link) {
        // The stored request is checked again on the way out, like every return_to.
        const returnTo = safeReturnTo(link.returnTo);
        if (returnTo === NO_RETURN_TO) return redirectToSignIn(reply, 'registered', user.email, returnTo);
        await startBrowserSession(request, reply, user, deps);
        return reply.redirect(returnTo, 303);
      },
    },
    unavailable: disabled,
    // The page's code is the error's, which is how the factory knows a link that stopped working.
    invalidLink: {
      title: 'Link expired',
      message: new SignUpLinkError().message,
      code: new SignUpLinkError().code,
    },
    view: 'signup-complete',
  });
}

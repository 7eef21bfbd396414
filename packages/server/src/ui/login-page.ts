// The sign-in page: GET shows the form, POST checks the password and starts a session, or, for an account with TOTP
// on or a passkey, sends the browser on to the second factor (second-factor-page.ts) with the password's success in
// a sealed cookie. The form also offers a passkey instead of the password (passkey-sign-in-pages.ts).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { afterPassword } from '../accounts/mfa/after-password.js';
import { PENDING_SIGN_IN_SECONDS, type PendingSignIns } from '../accounts/mfa/pending-sign-in.js';
import type { PasswordHasher } from '../accounts/password-hasher.js';
import type { PasswordResets } from '../accounts/password-reset.js';
import { SignInError, signInWithPassword } from '../accounts/sign-in-with-password.js';
import type { TrustedDevices } from '../accounts/trusted-devices.js';
import type { Clock } from '../clock.js';
import {
  clearLoginHintCookie,
  DEVICE_COOKIE,
  LOGIN_HINT_COOKIE,
  readCookie,
  setPendingSignInCookie,
} from '../http/browser-cookies.js';
import {
  type BrowserSessionDependencies,
  currentSignIn,
  type StartBrowserSessionDependencies,
  startBrowserSession,
} from '../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import { queryParamsOf } from '../http/query-string.js';
import { findClientName } from '../oauth/clients/find-client-name.js';
import type { Stores } from '../store/stores.js';
import { EMAIL_REQUIRED, type FieldErrors, type FormError, PASSWORD_REQUIRED } from './form-errors.js';
import { passkeysOffered } from './passkey-json.js';
import { PASSWORD_CHANGED_NOTICE } from './password-reset-pages.js';
import { UI_PATHS } from './paths.js';
import { renderPage } from './render-page.js';
import { safeReturnTo, withReturnTo } from './return-to.js';
import { SIGNED_UP_NOTICE } from './signup-page.js';
import { inHowLong } from './wait-phrase.js';

export const REAUTHENTICATE_NOTICE = 'To make that change, sign in again to confirm it is you.';
export const SIGN_IN_EXPIRED_NOTICE = 'The sign-in took too long. Sign in again.';

export interface LoginPageDependencies extends StartBrowserSessionDependencies {
  /** Reads the browser's sign-in, for the email of a re-authentication (REAUTHENTICATE_NOTICE). */
  sessions: StartBrowserSessionDependencies['sessions'] & BrowserSessionDependencies['sessions'];
  issuer: string;
  clock: Clock;
  stores: Pick<Stores, 'clients' | 'users' | 'rateLimits' | 'totpFactors' | 'passkeys'>;
  trustedDevices: TrustedDevices;
  pendingSignIns: Pick<PendingSignIns, 'issue'>;
  passwordHasher: PasswordHasher;
  signUpEnabled: boolean;
  /** Only whether password reset is offered: the page links to it. */
  passwordResets: PasswordResets | undefined;
}

/** What the sign-in form shows: the email typed, and what went wrong or what to know. */
export interface LoginFormView {
  returnTo: string;
  email: string;
  error?: FormError;
  fieldErrors?: FieldErrors;
  notice?: string;
}

/** The sign-in form (with the passkey button where the issuer can have passkeys), for this page and passkey sign-in's. */
export async function showLoginForm(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: Pick<LoginPageDependencies, 'issuer' | 'signUpEnabled' | 'passwordResets'> & {
    stores: Pick<Stores, 'clients'>;
  },
  view: LoginFormView,
  status = 200,
): Promise<FastifyReply> {
  const clientName = await findClientName(
    deps.stores.clients,
    queryParamsOf(view.returnTo).get('client_id') ?? undefined,
  );
  return renderPage(
    reply,
    'login',
    {
      csrfToken: csrfTokenFor(request, reply),
      clientName,
      error: undefined,
      fieldErrors: {},
      notice: '',
      passkeys: passkeysOffered(deps.issuer),
      // Sign-up and reset carry the pending authorization request along, and come back to it afterwards.
      signUpHref: deps.signUpEnabled ? withReturnTo(UI_PATHS.signUp, view.returnTo) : '',
      forgotPasswordHref: deps.passwordResets ? withReturnTo(UI_PATHS.forgotPassword, view.returnTo) : '',
      ...view,
    },
    status,
  );
}

export function registerLoginPage(app: FastifyInstance, deps: LoginPageDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const showForm = (request: FastifyRequest, reply: FastifyReply, view: LoginFormView, status = 200) =>
    showLoginForm(request, reply, deps, view, status);

  app.get(UI_PATHS.signIn, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const returnTo = safeReturnTo(query.return_to);
    // The email just signed up with or reset comes first, then the app's OIDC login_hint.
    const justUsed = readCookie(request, LOGIN_HINT_COOKIE);
    if (justUsed !== undefined) clearLoginHintCookie(reply);
    const reauthenticating = query.reauthenticate === '1';
    // Signing in again to confirm a change: the account is the one signed in.
    const signedInEmail = reauthenticating ? (await currentSignIn(request, deps))?.user.email : undefined;
    const loginHint = justUsed ?? signedInEmail ?? queryParamsOf(returnTo).get('login_hint') ?? '';
    const notice =
      query.registered === '1'
        ? SIGNED_UP_NOTICE
        : query.password_changed === '1'
          ? PASSWORD_CHANGED_NOTICE
          : reauthenticating
            ? REAUTHENTICATE_NOTICE
            : query.expired === '1'
              ? SIGN_IN_EXPIRED_NOTICE
              : '';
    return showForm(request, reply, { returnTo, email: loginHint.slice(0, 320), notice });
  });

  app.post(UI_PATHS.signIn, async (request, reply) => {
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
          throttle: deps.stores.rateLimits,
          hasher: deps.passwordHasher,
          clock: deps.clock,
          trustedDevices: deps.trustedDevices,
        },
      );
      const next = await afterPassword(deps, user);
      if (next.step === 'second_factor') {
        setPendingSignInCookie(reply, next.pendingSignInCookie, PENDING_SIGN_IN_SECONDS);
        return reply.redirect(withReturnTo(UI_PATHS.secondFactor, returnTo), 303);
      }
      await startBrowserSession(request, reply, user, deps, next.amr);
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

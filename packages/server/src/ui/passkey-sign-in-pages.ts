// Passkeys at sign-in: instead of the password on /login (options as JSON for the page script, which also offers the
// browser's passkey autofill; the assertion comes back as a form post), and as the second factor on
// /login/second-factor. Both end in the same session start as every other way in (startBrowserSession ->
// completeSignIn). A refusal is the page again with one message that never says which check failed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PasskeyDependencies, PasskeyStores } from '../accounts/mfa/passkey-dependencies.js';
import { PasskeyError } from '../accounts/mfa/passkey-error.js';
import { relyingPartyFor } from '../accounts/mfa/passkey-relying-party.js';
import {
  passkeySecondFactorOptions,
  signInWithPasskeySecondFactor,
} from '../accounts/mfa/passkey-second-factor.js';
import { SecondFactorError } from '../accounts/mfa/second-factor-error.js';
import { passkeySignInOptions, signInWithPasskey } from '../accounts/mfa/sign-in-with-passkey.js';
import type { Clock } from '../clock.js';
import { clearPendingSignInCookie, PENDING_SIGN_IN_COOKIE, readCookie } from '../http/browser-cookies.js';
import { type StartBrowserSessionDependencies, startBrowserSession } from '../http/browser-session.js';
import { checkCsrf } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import type { Transactional } from '../unit-of-work.js';
import { type LoginPageDependencies, showLoginForm } from './login-page.js';
import { browserBinding, passkeyFailureWords, sendPasskeyOptions } from './passkey-json.js';
import { UI_PATHS } from './paths.js';
import { safeReturnTo, withReturnTo } from './return-to.js';
import {
  type SecondFactorPageDependencies,
  showSecondFactorForm,
  startSignInAgain,
} from './second-factor-page.js';

export type PasskeySignInPagesDependencies = StartBrowserSessionDependencies &
  Pick<LoginPageDependencies, 'signUpEnabled' | 'passwordResets'> &
  Pick<SecondFactorPageDependencies, 'pendingSignIns'> & {
    issuer: string;
    clock: Clock;
    stores: Transactional<PasskeyStores> &
      LoginPageDependencies['stores'] &
      SecondFactorPageDependencies['stores'];
  };

export function registerPasskeySignInPages(app: FastifyInstance, deps: PasskeySignInPagesDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const passkeys: PasskeyDependencies = {
    stores: deps.stores,
    relyingParty: relyingPartyFor(deps.issuer),
    clock: deps.clock,
  };

  /** A same-origin form post (the page's, or its script's), CSRF checked first. */
  const postedForm = (request: FastifyRequest) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    return form;
  };
  const browserOf = (request: FastifyRequest) => ({ address: request.ip, binding: browserBinding(request) });
  const refusal = (error: PasskeyError | SecondFactorError) => {
    const tooMany = error.code === 'too_many_attempts';
    return { error: { code: error.code, message: passkeyFailureWords(error) }, status: tooMany ? 429 : 401 };
  };
  const retryAfter = (reply: FastifyReply, error: PasskeyError | SecondFactorError) => {
    if (error.code === 'too_many_attempts') reply.header('retry-after', String(error.retryAfterSeconds));
  };

  app.post(UI_PATHS.passkeySignInOptions, async (request, reply) => {
    postedForm(request);
    return sendPasskeyOptions(reply, () => passkeySignInOptions(passkeys, browserOf(request)));
  });

  app.post(UI_PATHS.passkeySignIn, async (request, reply) => {
    const form = postedForm(request);
    const returnTo = safeReturnTo(form.get('return_to'));
    try {
      const { user, amr } = await signInWithPasskey(passkeys, browserOf(request), form.get('response'));
      await startBrowserSession(request, reply, user, deps, amr);
      return reply.redirect(returnTo, 303);
    } catch (error) {
      if (!(error instanceof PasskeyError)) throw error;
      retryAfter(reply, error);
      const { error: formError, status } = refusal(error);
      return showLoginForm(request, reply, deps, { returnTo, email: '', error: formError }, status);
    }
  });

  app.post(UI_PATHS.passkeySecondFactorOptions, async (request, reply) => {
    const form = postedForm(request);
    const returnTo = safeReturnTo(form.get('return_to'));
    const pending = await deps.pendingSignIns.read(readCookie(request, PENDING_SIGN_IN_COOKIE));
    if (!pending) clearPendingSignInCookie(reply);
    return sendPasskeyOptions(reply, () => passkeySecondFactorOptions(passkeys, pending, request.ip), {
      startAgain: withReturnTo(`${UI_PATHS.signIn}?expired=1`, returnTo),
    });
  });

  app.post(UI_PATHS.passkeySecondFactor, async (request, reply) => {
    const form = postedForm(request);
    const returnTo = safeReturnTo(form.get('return_to'));
    const pending = await deps.pendingSignIns.read(readCookie(request, PENDING_SIGN_IN_COOKIE));
    if (!pending) return startSignInAgain(reply, returnTo);
    try {
      const { user, amr } = await signInWithPasskeySecondFactor(passkeys, pending, form.get('response'));
      clearPendingSignInCookie(reply);
      await startBrowserSession(request, reply, user, deps, amr);
      return reply.redirect(returnTo, 303);
    } catch (error) {
      if (!(error instanceof PasskeyError || error instanceof SecondFactorError)) throw error;
      if (error.code === 'sign_in_expired') return startSignInAgain(reply, returnTo);
      retryAfter(reply, error);
      const { error: passkeyError, status } = refusal(error);
      return showSecondFactorForm(request, reply, deps, pending.userId, { returnTo, passkeyError }, status);
    }
  });
}

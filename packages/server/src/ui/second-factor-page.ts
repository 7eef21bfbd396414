// The second step of signing in (/login/second-factor), for accounts with TOTP on or a passkey: GET asks for the code
// from the authenticator app (or a recovery code), or offers the passkey (passkey-sign-in-pages.ts), POST checks the
// code and starts the session. The password's success arrives in the pending sign-in cookie
// (accounts/mfa/pending-sign-in.ts), and the pending authorization request in return_to.
// For a step-up (accounts/mfa/step-up.ts) the pending sign-in names the browser's session, which records the factor.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type SecondFactorChoiceStores, secondFactorChoices } from '../accounts/mfa/after-password.js';
import type { PendingSignIns } from '../accounts/mfa/pending-sign-in.js';
import type { SecondFactorDependencies } from '../accounts/mfa/second-factor-dependencies.js';
import { SecondFactorError } from '../accounts/mfa/second-factor-error.js';
import {
  type SecondFactorAnswer,
  signInWithSecondFactor,
} from '../accounts/mfa/sign-in-with-second-factor.js';
import { completeStepUp } from '../accounts/mfa/step-up.js';
import type { SessionManager } from '../accounts/session-manager.js';
import { clearPendingSignInCookie, PENDING_SIGN_IN_COOKIE, readCookie } from '../http/browser-cookies.js';
import {
  type BrowserSessionDependencies,
  currentSignIn,
  type StartBrowserSessionDependencies,
  startBrowserSession,
} from '../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import type { FormError } from './form-errors.js';
import { UI_PATHS } from './paths.js';
import { renderPage } from './render-page.js';
import { safeReturnTo, withReturnTo } from './return-to.js';
import { inHowLong } from './wait-phrase.js';

export interface SecondFactorPageDependencies
  extends StartBrowserSessionDependencies,
    SecondFactorDependencies {
  /** Starts a session, or (a step-up) reads the browser's and records the factor in it. */
  sessions: StartBrowserSessionDependencies['sessions'] &
    BrowserSessionDependencies['sessions'] &
    Pick<SessionManager, 'recordSecondFactor'>;
  issuer: string;
  pendingSignIns: Pick<PendingSignIns, 'read'>;
  stores: SecondFactorDependencies['stores'] & SecondFactorChoiceStores;
}

/** What the second-factor page shows: its error, and which form it is about (the recovery code's, the passkey's). */
export interface SecondFactorFormView {
  returnTo: string;
  error?: FormError;
  recovery?: boolean;
  passkeyError?: FormError;
}

/** The second-factor page for the account `userId` signing in: a form for each factor it has. */
export async function showSecondFactorForm(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { stores: SecondFactorChoiceStores },
  userId: string,
  view: SecondFactorFormView,
  status = 200,
): Promise<FastifyReply> {
  return renderPage(
    reply,
    'second-factor',
    {
      csrfToken: csrfTokenFor(request, reply),
      error: undefined,
      passkeyError: undefined,
      recovery: false,
      factors: await secondFactorChoices(deps, userId),
      cancelHref: withReturnTo(UI_PATHS.signIn, view.returnTo),
      ...view,
    },
    status,
  );
}

/** Back to the password, the authorization request kept, saying why. */
export function startSignInAgain(reply: FastifyReply, returnTo: string): FastifyReply {
  clearPendingSignInCookie(reply);
  return reply.redirect(withReturnTo(`${UI_PATHS.signIn}?expired=1`, returnTo), 303);
}

const CODE_REQUIRED: FormError = { code: 'code_required', message: 'Enter the code.' };

/** The words for each refusal; the code is the error's. */
function wordsFor(error: SecondFactorError): string {
  switch (error.code) {
    case 'too_many_attempts':
      return `Too many attempts. Try again ${inHowLong(error.retryAfterSeconds)}.`;
    case 'code_already_used':
      return 'That code was used already. Wait for the next one in your app.';
    default:
      return 'That code is not right. Check your authenticator app and try again.';
  }
}

export function registerSecondFactorPage(app: FastifyInstance, deps: SecondFactorPageDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;

  const startAgain = startSignInAgain;

  app.get(UI_PATHS.secondFactor, async (request, reply) => {
    const returnTo = safeReturnTo((request.query as Record<string, unknown>).return_to);
    const pending = await deps.pendingSignIns.read(readCookie(request, PENDING_SIGN_IN_COOKIE));
    if (!pending) return startAgain(reply, returnTo);
    return showSecondFactorForm(request, reply, deps, pending.userId, { returnTo });
  });

  app.post(UI_PATHS.secondFactor, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const returnTo = safeReturnTo(form.get('return_to'));
    const recoveryCode = form.get('recovery_code');
    const answer: SecondFactorAnswer =
      recoveryCode !== undefined
        ? { kind: 'recovery_code', code: recoveryCode.slice(0, 64) }
        : { kind: 'totp', code: (form.get('code') ?? '').slice(0, 64) };
    const recovery = answer.kind === 'recovery_code';
    const pending = await deps.pendingSignIns.read(readCookie(request, PENDING_SIGN_IN_COOKIE));
    if (!pending) return startAgain(reply, returnTo);
    const showForm = (view: SecondFactorFormView, status: number) =>
      showSecondFactorForm(request, reply, deps, pending.userId, view, status);
    // An empty field is a form to finish, not a guess: the attempt limit never sees it.
    if (answer.code.trim() === '') return showForm({ returnTo, error: CODE_REQUIRED, recovery }, 400);
    try {
      const { user, amr } = await signInWithSecondFactor(deps, pending, answer);
      clearPendingSignInCookie(reply);
      if (pending?.stepUpOf !== undefined) {
        const current = await currentSignIn(request, deps);
        if (!(await completeStepUp(deps.sessions, pending, current, amr))) return startAgain(reply, returnTo);
      } else {
        await startBrowserSession(request, reply, user, deps, amr);
      }
      return reply.redirect(returnTo, 303);
    } catch (error) {
      if (!(error instanceof SecondFactorError)) throw error;
      if (error.code === 'sign_in_expired') return startAgain(reply, returnTo);
      const tooMany = error.code === 'too_many_attempts';
      if (tooMany) reply.header('retry-after', String(error.retryAfterSeconds));
      return showForm(
        { returnTo, recovery, error: { code: error.code, message: wordsFor(error) } },
        tooMany ? 429 : 401,
      );
    }
  });
}

// The account page (/account): what a signed-in person manages about their own account: their profile and password
// (account-forms.ts), two-factor sign-in (account-totp-pages.ts), passkeys (account-passkey-pages.ts), where they are
// signed in and the apps they have allowed (account-forms.ts: sign out, revoke). A browser that is not signed in is
// sent through sign-in and back.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listOwnSessions } from '../accounts/list-own-sessions.js';
import { listPasskeys } from '../accounts/mfa/manage-passkeys.js';
import { secondFactorStatus } from '../accounts/mfa/manage-totp.js';
import type { PasskeyStores } from '../accounts/mfa/passkey-dependencies.js';
import { RECOVERY_CODE_COUNT } from '../accounts/mfa/recovery-codes.js';
import type { SecondFactorDependencies } from '../accounts/mfa/second-factor-dependencies.js';
import type { SessionManager } from '../accounts/session-manager.js';
import { type BrowserSessionDependencies, currentSignIn, type SignedIn } from '../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import { listOwnApplications } from '../oauth/consents/own-applications.js';
import type { FormParams } from '../oauth/form-params.js';
import type { Stores } from '../store/stores.js';
import type { Transactional } from '../unit-of-work.js';
import type { FieldErrors, FormError } from './form-errors.js';
import { passkeysOffered } from './passkey-json.js';
import { UI_PATHS } from './paths.js';
import { renderPage } from './render-page.js';
import { pendingReturnTo, withReturnTo } from './return-to.js';

export type AccountPageDependencies = BrowserSessionDependencies &
  SecondFactorDependencies & {
    issuer: string;
    sessions: Pick<SessionManager, 'resume' | 'listForUser'>;
    stores: SecondFactorDependencies['stores'] &
      Transactional<PasskeyStores> &
      Pick<Stores, 'consents' | 'clients'>;
  };

/** The notices the page shows on arrival, by `?done=`. */
const NOTICES: Record<string, string> = {
  totp_off: 'Two-factor sign-in is off. Your recovery codes no longer work.',
  profile_saved: 'Your name is saved.',
  password_changed: 'Your password is changed. Every other browser and app was signed out.',
  session_ended: 'That browser is signed out.',
  application_revoked: 'That app no longer has access to your account.',
  passkey_added: 'Passkey added. You can sign in with it instead of your password.',
  passkey_renamed: 'Passkey renamed.',
  passkey_removed: 'Passkey removed. It no longer signs in to this account.',
};

/** What a form on the page refused, shown beside it: the form's name and its field errors. */
export interface AccountFormErrors {
  form: 'profile' | 'password';
  fieldErrors: FieldErrors;
  /** The name as typed, kept for another try. */
  name?: string;
}

/** A date as the page shows it (UTC, the day is enough). */
const day = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(0, 10);

/** Renders the account page for `signedIn`, with a notice, or a form's errors, or a passkey form's (and `status`). */
export async function showAccountPage(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: AccountPageDependencies,
  signedIn: SignedIn,
  view: { notice?: string; errors?: AccountFormErrors; passkeyError?: FormError },
  status = 200,
): Promise<FastifyReply> {
  const passkeys = await listPasskeys(deps, signedIn.user);
  return renderPage(
    reply,
    'account',
    {
      csrfToken: csrfTokenFor(request, reply),
      user: signedIn.user,
      secondFactor: await secondFactorStatus(deps, signedIn.user),
      recoveryCodeCount: RECOVERY_CODE_COUNT,
      sessions: await listOwnSessions(deps.sessions, signedIn.session),
      applications: await listOwnApplications(deps.stores, signedIn.user.id),
      formatTime: (seconds: number) => new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 16),
      passkeysOffered: passkeysOffered(deps.issuer),
      passkeys: passkeys.map((passkey) => ({
        id: passkey.id,
        name: passkey.name,
        synced: passkey.deviceType === 'multiDevice',
        added: day(passkey.createdAt),
        lastUsed: passkey.lastUsedAt === null ? '' : day(passkey.lastUsedAt),
      })),
      notice: view.notice ?? '',
      errors: view.errors ?? { form: '', fieldErrors: {} },
      passkeyError: view.passkeyError,
    },
    status,
  );
}

/** The signed-in account, or undefined once the browser has been sent to sign in (coming back to the account page). */
export async function signedInOrSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: BrowserSessionDependencies,
): Promise<SignedIn | undefined> {
  const signedIn = await currentSignIn(request, deps);
  if (!signedIn) reply.redirect(withReturnTo(UI_PATHS.signIn, UI_PATHS.account), 303);
  return signedIn;
}

/** Back to the account page, with the notice of `done` (NOTICES) when given. */
export function toAccount(reply: FastifyReply, done?: string): FastifyReply {
  return reply.redirect(done ? `${UI_PATHS.account}?done=${done}` : UI_PATHS.account, 303);
}

/**
 * A form post from a signed-in browser, as every form of the account page is: CSRF checked first, then the session;
 * undefined once the browser has been sent to sign in.
 */
export async function signedInPost(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: BrowserSessionDependencies & { issuer: string },
): Promise<{ form: FormParams; signedIn: SignedIn } | undefined> {
  const form = formParamsOf(request);
  checkCsrf(request, form.get('csrf_token'), new URL(deps.issuer).origin);
  const signedIn = await signedInOrSignIn(request, reply, deps);
  return signedIn && { form, signedIn };
}

/**
 * Sends the browser through a fresh sign-in and back to the account page, or to the pending authorization request
 * that sent it to set a second factor up (the change needs a recent sign-in).
 */
export function reauthenticate(reply: FastifyReply, returnTo: string = UI_PATHS.account): FastifyReply {
  const back = pendingReturnTo(returnTo) ?? UI_PATHS.account;
  return reply.redirect(withReturnTo(`${UI_PATHS.signIn}?reauthenticate=1`, back), 303);
}

export function registerAccountPage(app: FastifyInstance, deps: AccountPageDependencies): void {
  app.get(UI_PATHS.account, async (request, reply) => {
    const signedIn = await signedInOrSignIn(request, reply, deps);
    if (!signedIn) return reply;
    const done = (request.query as Record<string, unknown>).done;
    const notice = typeof done === 'string' ? (NOTICES[done] ?? '') : '';
    return showAccountPage(request, reply, deps, signedIn, { notice });
  });
}

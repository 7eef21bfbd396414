// The account page's own forms: the name, the password (the current one first; every other browser and app is signed
// out, and this browser signed in again), signing one of the person's other browsers out, and taking an app's access
// away. Each is a CSRF-checked post from a signed-in browser that calls one operation and goes back to the page.
import type { FastifyInstance } from 'fastify';
import { type ChangeOwnPasswordDependencies, changeOwnPassword } from '../accounts/change-own-password.js';
import type { PasswordHasher } from '../accounts/password-hasher.js';
import { PasswordPolicyError } from '../accounts/password-policy.js';
import { ProfileError } from '../accounts/profile-rules.js';
import type { SessionManager } from '../accounts/session-manager.js';
import { SignInError } from '../accounts/sign-in-with-password.js';
import type { TrustedDevices } from '../accounts/trusted-devices.js';
import { updateProfile } from '../accounts/update-profile.js';
import { DEVICE_COOKIE, readCookie } from '../http/browser-cookies.js';
import { type StartBrowserSessionDependencies, startBrowserSession } from '../http/browser-session.js';
import { revokeOwnApplication } from '../oauth/consents/own-applications.js';
import type { Stores } from '../store/stores.js';
import { type AccountPageDependencies, showAccountPage, signedInPost, toAccount } from './account-page.js';
import { hasErrors, newPasswordErrors, PASSWORD_REQUIRED } from './form-errors.js';
import { UI_PATHS } from './paths.js';
import { inHowLong } from './wait-phrase.js';

export type AccountFormsDependencies = AccountPageDependencies &
  StartBrowserSessionDependencies & {
    sessions: AccountPageDependencies['sessions'] &
      StartBrowserSessionDependencies['sessions'] &
      Pick<SessionManager, 'endBySid'>;
    stores: Stores;
    passwordHasher: PasswordHasher;
    trustedDevices: TrustedDevices;
  };

const MAX_NAME_LENGTH = 256;

export function registerAccountForms(app: FastifyInstance, deps: AccountFormsDependencies): void {
  app.post(UI_PATHS.accountProfile, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    const name = (post.form.get('name') ?? '').slice(0, MAX_NAME_LENGTH * 4);
    try {
      await updateProfile({ users: deps.stores.users, clock: deps.clock }, post.signedIn.user.id, { name });
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      const fieldErrors = { name: { code: error.code, message: `Your name ${error.reason}.` } };
      return showAccountPage(
        request,
        reply,
        deps,
        post.signedIn,
        { errors: { form: 'profile', fieldErrors, name } },
        400,
      );
    }
    return toAccount(reply, 'profile_saved');
  });

  app.post(UI_PATHS.accountPassword, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    const { user } = post.signedIn;
    const current = post.form.get('current_password') ?? '';
    const password = post.form.get('password') ?? '';
    const refuse = (
      fieldErrors: Record<string, { code: string; message: string } | undefined>,
      status: number,
    ) =>
      showAccountPage(
        request,
        reply,
        deps,
        post.signedIn,
        { errors: { form: 'password', fieldErrors } },
        status,
      );
    const fieldErrors = {
      current_password: current === '' ? PASSWORD_REQUIRED : undefined,
      ...newPasswordErrors(password, post.form.get('password_confirm') ?? '', user.email),
    };
    if (hasErrors(fieldErrors)) return refuse(fieldErrors, 400);
    const passwordDeps: ChangeOwnPasswordDependencies = {
      ...deps.stores,
      hasher: deps.passwordHasher,
      clock: deps.clock,
      signIn: {
        users: deps.stores.users,
        throttle: deps.stores.rateLimits,
        hasher: deps.passwordHasher,
        clock: deps.clock,
        trustedDevices: deps.trustedDevices,
      },
    };
    let changed: Awaited<ReturnType<typeof changeOwnPassword>>;
    try {
      changed = await changeOwnPassword(passwordDeps, user, current, password, {
        address: request.ip,
        deviceCookie: readCookie(request, DEVICE_COOKIE),
      });
    } catch (error) {
      if (error instanceof SignInError) {
        const tooMany = error.code === 'too_many_attempts';
        if (tooMany) reply.header('retry-after', String(error.retryAfterSeconds));
        const message = tooMany
          ? `Too many attempts. Try again ${inHowLong(error.retryAfterSeconds)}.`
          : 'That is not your current password.';
        return refuse({ current_password: { code: error.code, message } }, tooMany ? 429 : 401);
      }
      if (error instanceof PasswordPolicyError) {
        return refuse({ password: { code: error.code, message: error.message } }, 400);
      }
      throw error;
    }
    // Every session ended with the change, this one too: this browser signs in afresh with the new password.
    await startBrowserSession(request, reply, changed, deps, ['pwd']);
    return toAccount(reply, 'password_changed');
  });

  app.post(UI_PATHS.accountSignOutSession, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    const sid = post.form.get('sid') ?? '';
    // Only the person's own sessions: another account's sid ends nothing.
    if (sid !== '' && sid !== post.signedIn.session.sid)
      await deps.sessions.endBySid(sid, post.signedIn.user.id);
    return toAccount(reply, 'session_ended');
  });

  app.post(UI_PATHS.accountRevokeApplication, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    const clientId = (post.form.get('client_id') ?? '').slice(0, 256);
    await revokeOwnApplication(deps, post.signedIn.user.id, clientId);
    return toAccount(reply, 'application_revoked');
  });
}

// Passkeys on the account page: add one (options as JSON for the page script, then the attestation and a name as a
// form post), rename one, remove one. Adding and removing need a recent sign-in (accounts/recent-sign-in.ts): without
// one, the browser goes through sign-in and comes back to the account page.
import type { FastifyInstance } from 'fastify';
import { removePasskey, renamePasskey } from '../accounts/mfa/manage-passkeys.js';
import type { PasskeyDependencies } from '../accounts/mfa/passkey-dependencies.js';
import { PasskeyError } from '../accounts/mfa/passkey-error.js';
import { finishPasskeyRegistration, startPasskeyRegistration } from '../accounts/mfa/passkey-registration.js';
import { relyingPartyFor } from '../accounts/mfa/passkey-relying-party.js';
import { ReauthenticationRequiredError } from '../accounts/recent-sign-in.js';
import { checkCsrf } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import {
  type AccountPageDependencies,
  reauthenticate,
  showAccountPage,
  signedInOrSignIn,
  signedInPost,
  toAccount,
} from './account-page.js';
import { passkeyFailureWords, sendPasskeyOptions } from './passkey-json.js';
import { UI_PATHS } from './paths.js';
import { withReturnTo } from './return-to.js';

const NOT_ADDED =
  'The passkey was not added. Try again; if your browser offered no passkey, this device may not support them.';

export function registerAccountPasskeyPages(app: FastifyInstance, deps: AccountPageDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const passkeys: PasskeyDependencies = {
    stores: deps.stores,
    relyingParty: relyingPartyFor(deps.issuer),
    clock: deps.clock,
  };

  app.post(UI_PATHS.passkeyOptions, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const signedIn = await signedInOrSignIn(request, reply, deps);
    if (!signedIn) return reply;
    return sendPasskeyOptions(reply, () => startPasskeyRegistration(passkeys, signedIn), {
      reauthenticate: withReturnTo(`${UI_PATHS.signIn}?reauthenticate=1`, UI_PATHS.account),
    });
  });

  app.post(UI_PATHS.passkeys, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    try {
      await finishPasskeyRegistration(
        passkeys,
        post.signedIn,
        post.form.get('response'),
        (post.form.get('name') ?? '').slice(0, 256),
      );
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) return reauthenticate(reply);
      if (!(error instanceof PasskeyError)) throw error;
      const message = error.code === 'passkey_failed' ? NOT_ADDED : passkeyFailureWords(error);
      return showAccountPage(
        request,
        reply,
        deps,
        post.signedIn,
        { passkeyError: { code: error.code, message } },
        400,
      );
    }
    return toAccount(reply, 'passkey_added');
  });

  app.post(UI_PATHS.passkeyRename, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    try {
      await renamePasskey(
        passkeys,
        post.signedIn,
        (post.form.get('id') ?? '').slice(0, 1_024),
        (post.form.get('name') ?? '').slice(0, 256),
      );
    } catch (error) {
      if (!(error instanceof PasskeyError)) throw error;
      const passkeyError = { code: error.code, message: passkeyFailureWords(error) };
      const status = error.code === 'passkey_not_found' ? 404 : 400;
      return showAccountPage(request, reply, deps, post.signedIn, { passkeyError }, status);
    }
    return toAccount(reply, 'passkey_renamed');
  });

  app.post(UI_PATHS.passkeyRemove, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    try {
      await removePasskey(passkeys, post.signedIn, (post.form.get('id') ?? '').slice(0, 1_024));
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) return reauthenticate(reply);
      // Gone already (removed in another tab): what was asked for holds.
      if (!(error instanceof PasskeyError)) throw error;
    }
    return toAccount(reply, 'passkey_removed');
  });
}

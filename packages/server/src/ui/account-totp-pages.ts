// Two-factor sign-in on the account page: begin enrolment (a new secret), show it as a QR code and in text, turn it on
// with a correct code and show the recovery codes once; make a new set of codes; turn it off. Every step of enrolment,
// making new codes and turning TOTP off need a recent sign-in (accounts/recent-sign-in.ts): without one, the browser
// goes through sign-in and comes back to the account page. Enrolment may carry a pending authorization request
// (return_to) from an app that needs two factors: the browser goes back to it once TOTP is on.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { disableTotp, regenerateRecoveryCodes } from '../accounts/mfa/manage-totp.js';
import { SecondFactorError } from '../accounts/mfa/second-factor-error.js';
import {
  confirmTotpEnrolment,
  pendingTotpEnrolment,
  startTotpEnrolment,
  type TotpEnrolment,
  type TotpLabel,
} from '../accounts/mfa/totp-enrolment.js';
import { ReauthenticationRequiredError } from '../accounts/recent-sign-in.js';
import { csrfTokenFor } from '../http/csrf.js';
import {
  type AccountPageDependencies,
  reauthenticate,
  signedInOrSignIn,
  signedInPost,
  toAccount,
} from './account-page.js';
import type { FormError } from './form-errors.js';
import { UI_PATHS } from './paths.js';
import { qrCodeDataUrl } from './qr-code.js';
import { renderPage } from './render-page.js';
import { pendingReturnTo, withReturnTo } from './return-to.js';

const CODE_REQUIRED: FormError = { code: 'code_required', message: 'Enter the code your app shows.' };
const WRONG_CODE: FormError = {
  code: 'invalid_code',
  message:
    'That code is not right. Check that the app shows this account, and that the device’s time is right.',
};

/** The base32 secret in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function registerAccountTotpPages(app: FastifyInstance, deps: AccountPageDependencies): void {
  const label: TotpLabel = { issuerName: new URL(deps.issuer).host };

  const showEnrolment = async (
    request: FastifyRequest,
    reply: FastifyReply,
    enrolment: TotpEnrolment,
    error: FormError | undefined,
    returnTo: string | undefined,
    status = 200,
  ) =>
    renderPage(
      reply,
      'totp-enrolment',
      {
        csrfToken: csrfTokenFor(request, reply),
        qrCode: await qrCodeDataUrl(enrolment.uri),
        secret: grouped(enrolment.secret),
        error,
        returnTo,
      },
      status,
    );

  const showRecoveryCodes = (
    reply: FastifyReply,
    codes: string[],
    enabledNow: boolean,
    continueTo?: string,
  ) => renderPage(reply, 'recovery-codes', { codes, enabledNow, continueTo });

  app.post(UI_PATHS.totpSetup, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    const returnTo = pendingReturnTo(post.form.get('return_to'));
    try {
      await startTotpEnrolment(deps, label, post.signedIn);
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) return reauthenticate(reply, returnTo);
      if (error instanceof SecondFactorError && error.code === 'totp_enabled')
        return returnTo ? reply.redirect(returnTo, 303) : toAccount(reply);
      throw error;
    }
    return reply.redirect(withReturnTo(UI_PATHS.totpEnrolment, returnTo ?? ''), 303);
  });

  app.get(UI_PATHS.totpEnrolment, async (request, reply) => {
    const signedIn = await signedInOrSignIn(request, reply, deps);
    if (!signedIn) return reply;
    const returnTo = pendingReturnTo((request.query as Record<string, unknown>).return_to);
    let enrolment: TotpEnrolment | undefined;
    try {
      enrolment = await pendingTotpEnrolment(deps, label, signedIn);
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) return reauthenticate(reply, returnTo);
      throw error;
    }
    if (!enrolment) return toAccount(reply);
    return showEnrolment(request, reply, enrolment, undefined, returnTo);
  });

  app.post(UI_PATHS.totpConfirm, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    const code = (post.form.get('code') ?? '').slice(0, 64);
    const returnTo = pendingReturnTo(post.form.get('return_to'));
    let enrolment: TotpEnrolment | undefined;
    try {
      enrolment = await pendingTotpEnrolment(deps, label, post.signedIn);
      if (!enrolment) return toAccount(reply);
      if (code.trim() === '') return showEnrolment(request, reply, enrolment, CODE_REQUIRED, returnTo, 400);
      const codes = await confirmTotpEnrolment(deps, post.signedIn, code);
      return showRecoveryCodes(reply, codes, true, returnTo);
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) return reauthenticate(reply, returnTo);
      if (!(error instanceof SecondFactorError)) throw error;
      if (error.code !== 'invalid_code' || !enrolment) return toAccount(reply);
      return showEnrolment(request, reply, enrolment, WRONG_CODE, returnTo, 400);
    }
  });

  app.post(UI_PATHS.recoveryCodes, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    try {
      return showRecoveryCodes(reply, await regenerateRecoveryCodes(deps, post.signedIn), false);
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) return reauthenticate(reply);
      if (error instanceof SecondFactorError) return toAccount(reply);
      throw error;
    }
  });

  app.post(UI_PATHS.totpDisable, async (request, reply) => {
    const post = await signedInPost(request, reply, deps);
    if (!post) return reply;
    try {
      await disableTotp(deps, post.signedIn);
    } catch (error) {
      if (error instanceof ReauthenticationRequiredError) return reauthenticate(reply);
      if (!(error instanceof SecondFactorError)) throw error;
    }
    return toAccount(reply, 'totp_off');
  });
}

// The /device page (RFC 8628 §3.3): the person enters the code their device shows (or arrives with it filled in from
// verification_uri_complete), signs in if need be, then sees what the device asks for (the application, the scopes,
// when and from which network address, RFC 8628 §5.4) and approves or denies it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Clock, epochSeconds } from '../clock.js';
import { type BrowserSessionDependencies, currentSignIn, type SignedIn } from '../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import { decideDeviceRequest, organizationsToPick } from '../oauth/device/decide-device-request.js';
import { DeviceCodeEntryError, DeviceDecisionError } from '../oauth/device/device-page-errors.js';
import { type DeviceRequest, findDeviceRequest } from '../oauth/device/find-device-request.js';
import { formatUserCode, normaliseUserCode } from '../oauth/device/user-code.js';
import { describeScope } from '../oauth/scope-descriptions.js';
import type { Stores } from '../store/stores.js';
import type { FormError } from './form-errors.js';
import { UI_PATHS } from './paths.js';
import { renderPage } from './render-page.js';
import { withReturnTo } from './return-to.js';
import { inHowLong } from './wait-phrase.js';

export interface DevicePageDependencies extends BrowserSessionDependencies {
  issuer: string;
  clock: Clock;
  stores: Pick<
    Stores,
    'users' | 'clients' | 'rateLimits' | 'deviceAuthorizations' | 'consents' | 'rbac' | 'transaction'
  >;
}

const USER_CODE_REQUIRED: FormError = {
  code: 'user_code_required',
  message: 'Enter the code your device shows.',
};
/** Longer than any code typed with dashes and spaces; the rest is not read. */
const MAX_TYPED_LENGTH = 32;

/** When the device asked, as a person reads it: the UTC time and how long ago. */
const TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const AGO = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "now", "42 seconds ago", "3 minutes ago": a device code lives 10 minutes, so never more. */
function howLongAgo(seconds: number): string {
  return seconds < 120 ? AGO.format(-seconds, 'second') : AGO.format(-Math.floor(seconds / 60), 'minute');
}

export function registerDevicePage(app: FastifyInstance, deps: DevicePageDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const findDeps = {
    clock: deps.clock,
    rateLimits: deps.stores.rateLimits,
    deviceAuthorizations: deps.stores.deviceAuthorizations,
    clients: deps.stores.clients,
  };
  const decideDeps = {
    clock: deps.clock,
    rbac: deps.stores.rbac,
    stores: deps.stores,
  };

  /** The code as typed, shown back in the form: the normalised XXXX-XXXX when it is one. */
  const shownCode = (typed: string) => {
    const normalised = normaliseUserCode(typed);
    return normalised === undefined ? typed : formatUserCode(normalised);
  };
  const signInFirst = (reply: FastifyReply, typed: string) => {
    const here =
      typed === '' ? UI_PATHS.device : `${UI_PATHS.device}?${new URLSearchParams({ user_code: typed })}`;
    return reply.redirect(withReturnTo(UI_PATHS.signIn, here), 303);
  };
  const showEntry = (
    request: FastifyRequest,
    reply: FastifyReply,
    view: { userCode: string; email: string; error?: FormError },
    status = 200,
  ) =>
    renderPage(
      reply,
      'device',
      { csrfToken: csrfTokenFor(request, reply), error: undefined, ...view },
      status,
    );

  const showConfirmation = async (
    request: FastifyRequest,
    reply: FastifyReply,
    found: DeviceRequest,
    signedIn: SignedIn,
    typed: string,
    error?: FormError,
  ) => {
    const { authorization, client } = found;
    const ago = Math.max(0, epochSeconds(deps.clock) - authorization.createdAt);
    const email = signedIn.user.email;
    const organizations = await organizationsToPick(decideDeps, found, signedIn.user.id);
    return renderPage(
      reply,
      'device-confirm',
      {
        csrfToken: csrfTokenFor(request, reply),
        clientName: client.name,
        userEmail: email,
        userCode: shownCode(typed),
        organization: authorization.organization,
        scopes: authorization.scope.map(describeScope),
        requestedAt: `${TIME.format(authorization.createdAt * 1000)} UTC`,
        requestedAgo: howLongAgo(ago),
        requestedFrom: authorization.requestedFrom,
        organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
        error,
      },
      error ? 400 : 200,
    );
  };

  app.get(UI_PATHS.device, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const typed = typeof query.user_code === 'string' ? query.user_code.slice(0, MAX_TYPED_LENGTH) : '';
    const signedIn = await currentSignIn(request, deps);
    if (!signedIn) return signInFirst(reply, shownCode(typed));
    return showEntry(request, reply, { userCode: shownCode(typed), email: signedIn.user.email });
  });

  // The code entered: counted against the limits, then the confirmation, or the form again saying why not.
  app.post(UI_PATHS.device, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const typed = (form.get('user_code') ?? '').trim().slice(0, MAX_TYPED_LENGTH);
    const signedIn = await currentSignIn(request, deps);
    if (!signedIn) return signInFirst(reply, shownCode(typed));
    const email = signedIn.user.email;
    if (typed === '')
      return showEntry(request, reply, { userCode: '', email, error: USER_CODE_REQUIRED }, 400);
    try {
      const found = await findDeviceRequest(findDeps, typed, request.ip);
      return showConfirmation(request, reply, found, signedIn, typed);
    } catch (error) {
      if (!(error instanceof DeviceCodeEntryError)) throw error;
      const tooMany = error.code === 'too_many_attempts';
      if (tooMany) reply.header('retry-after', String(error.retryAfterSeconds));
      const message = tooMany
        ? `Too many attempts. Try again ${inHowLong(error.retryAfterSeconds)}.`
        : error.message;
      return showEntry(
        request,
        reply,
        { userCode: shownCode(typed), email, error: { code: error.code, message } },
        error.status,
      );
    }
  });

  // Approve or Deny: the request is read again by its code (still pending, unexpired), then answered.
  app.post(UI_PATHS.deviceDecision, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const typed = (form.get('user_code') ?? '').slice(0, MAX_TYPED_LENGTH);
    const signedIn = await currentSignIn(request, deps);
    if (!signedIn) return signInFirst(reply, shownCode(typed));
    const decision = form.get('decision') === 'approve' ? 'approve' : 'deny';
    try {
      const found = await findDeviceRequest(findDeps, typed, request.ip);
      try {
        await decideDeviceRequest(decideDeps, found, signedIn.session, decision, form.get('organization'));
      } catch (error) {
        // Approve without choosing the organization: the same page again, asking for it.
        if (!(error instanceof DeviceDecisionError) || error.code !== 'organization_required') throw error;
        return showConfirmation(request, reply, found, signedIn, typed, {
          code: error.code,
          message: 'Choose the organization to use it with.',
        });
      }
      return renderPage(reply, 'device-done', {
        approved: decision === 'approve',
        clientName: found.client.name,
      });
    } catch (error) {
      if (!(error instanceof DeviceCodeEntryError)) throw error;
      const message = error.code === 'too_many_attempts' ? 'Too many attempts.' : error.message;
      return showEntry(
        request,
        reply,
        { userCode: shownCode(typed), email: signedIn.user.email, error: { code: error.code, message } },
        error.status,
      );
    }
  });
}

// The page an invitation's emailed link opens (/invitations/accept). Like the other emailed links, the token moves
// from the URL into an HttpOnly cookie at once (emailed-link-page.ts). What the page offers depends on who is there:
// the invited account, signed in, joins with one button; a person whose email has an account is asked to sign in
// (and comes back here); a new address creates its account on the spot (verified: the link was sent to it) and is
// signed in; someone signed in as another account is told so. Joining itself is authz/rbac/invitations.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PasswordHasher } from '../accounts/password-hasher.js';
import type { User } from '../accounts/user.js';
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
  type InvitationDependencies,
  InvitationError,
  type InvitationStoreSet,
  type Joined,
  type OpenedInvitation,
  openInvitation,
} from '../authz/rbac/invitations.js';
import type { Clock } from '../clock.js';
import { clearLinkCookie, INVITATION_COOKIE, setLoginHintCookie } from '../http/browser-cookies.js';
import {
  type BrowserSessionDependencies,
  currentSignIn,
  type StartBrowserSessionDependencies,
  startBrowserSession,
} from '../http/browser-session.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import type { CounterStore } from '../limits/counter-store.js';
import type { Transactional } from '../unit-of-work.js';
import { type EmailedLinkPage, keptLink, landOnEmailedLink } from './emailed-link-page.js';
import {
  type FieldErrors,
  type FormError,
  formErrorOf,
  hasErrorCode,
  hasErrors,
  newPasswordErrors,
} from './form-errors.js';
import { UI_PATHS } from './paths.js';
import { renderErrorPage, renderPage } from './render-page.js';
import { withReturnTo } from './return-to.js';

/** How long the page keeps the link's token once opened; the link itself works until the invitation expires. */
const INVITATION_COOKIE_SECONDS = 60 * 60;

export type InvitationPageDependencies = BrowserSessionDependencies &
  StartBrowserSessionDependencies & {
    issuer: string;
    clock: Clock;
    passwordHasher: PasswordHasher;
    stores: Transactional<InvitationStoreSet> & { rateLimits: CounterStore };
  };

type Mode = 'join' | 'sign-in' | 'create' | 'other-account';

export function registerInvitationPage(app: FastifyInstance, deps: InvitationPageDependencies): void {
  const issuerOrigin = new URL(deps.issuer).origin;
  const invitations: InvitationDependencies = { ...deps.stores, clock: deps.clock };
  const page: EmailedLinkPage<OpenedInvitation> = {
    path: UI_PATHS.invitation,
    cookie: INVITATION_COOKIE,
    lifetimeSeconds: INVITATION_COOKIE_SECONDS,
    open: (token) => openInvitation(invitations, token),
  };
  const invalidLink = (reply: FastifyReply) => {
    clearLinkCookie(reply, INVITATION_COOKIE);
    return renderErrorPage(
      reply,
      {
        title: 'Invitation not valid',
        message: 'This invitation has expired, was already used or was withdrawn. Ask for a new one.',
        code: 'invalid_invitation',
      },
      400,
    );
  };
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedInvitation,
    mode: Mode,
    view: { signedInAs?: User; name?: string; fieldErrors?: FieldErrors; error?: FormError } = {},
  ) => {
    const fieldErrors = view.fieldErrors ?? {};
    const status = mode === 'other-account' ? 403 : view.error ? 429 : hasErrors(fieldErrors) ? 400 : 200;
    return renderPage(
      reply,
      'invitation',
      {
        csrfToken: csrfTokenFor(request, reply),
        mode,
        organization: opened.organization.name,
        email: opened.invitation.email,
        roles: opened.invitation.roles,
        signedInAs: view.signedInAs?.email ?? '',
        signInHref: withReturnTo(UI_PATHS.signIn, UI_PATHS.invitation),
        name: view.name ?? '',
        fieldErrors,
        error: view.error,
      },
      status,
    );
  };
  const joined = (reply: FastifyReply, outcome: Joined) => {
    clearLinkCookie(reply, INVITATION_COOKIE);
    return renderPage(reply, 'invitation-joined', {
      organization: outcome.organization.name,
      roles: outcome.roles,
    });
  };
  /** The page for whoever is there: signed in (as the invitee or not), or not, with or without an account. */
  const showFor = async (request: FastifyRequest, reply: FastifyReply, opened: OpenedInvitation) => {
    const signedIn = await currentSignIn(request, deps);
    if (signedIn) {
      const mine = signedIn.user.id === opened.account?.id;
      return show(request, reply, opened, mine ? 'join' : 'other-account', { signedInAs: signedIn.user });
    }
    if (opened.account) {
      // The sign-in page fills the invited address in.
      setLoginHintCookie(reply, opened.account.email);
      return show(request, reply, opened, 'sign-in');
    }
    return show(request, reply, opened, 'create');
  };

  app.get(UI_PATHS.invitation, async (request, reply) => {
    const opened = await landOnEmailedLink(request, reply, page);
    if (opened === 'redirected') return reply;
    if (!opened) return invalidLink(reply);
    return showFor(request, reply, opened);
  });

  app.post(UI_PATHS.invitation, async (request, reply) => {
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), issuerOrigin);
    const kept = await keptLink(request, page);
    if (!kept) return invalidLink(reply);
    const { token, opened } = kept;
    const signedIn = await currentSignIn(request, deps);
    try {
      if (form.get('intent') === 'join' && signedIn) {
        return joined(reply, await acceptInvitation(invitations, token, signedIn.user));
      }
      if (form.get('intent') === 'create' && !signedIn && !opened.account) {
        const name = (form.get('name') ?? '').trim().slice(0, 200);
        const password = form.get('password') ?? '';
        const fieldErrors = newPasswordErrors(
          password,
          form.get('password_confirm') ?? '',
          opened.invitation.email,
        );
        if (hasErrors(fieldErrors)) return show(request, reply, opened, 'create', { name, fieldErrors });
        try {
          const outcome = await acceptInvitationWithNewAccount(
            { ...invitations, hasher: deps.passwordHasher, rateLimits: deps.stores.rateLimits },
            token,
            { password, name: name || undefined },
            request.ip,
          );
          await startBrowserSession(request, reply, outcome.user, deps);
          return joined(reply, outcome);
        } catch (error) {
          if (error instanceof InvitationError && error.code === 'too_many_requests') {
            reply.headers(error.headers);
            return show(request, reply, opened, 'create', {
              name,
              error: { code: error.code, message: error.message },
            });
          }
          const fieldError = formErrorOf(error, 'password') ?? formErrorOf(error, 'name');
          if (!fieldError) throw error;
          const field = formErrorOf(error, 'password') ? 'password' : 'name';
          return show(request, reply, opened, 'create', { name, fieldErrors: { [field]: fieldError } });
        }
      }
    } catch (error) {
      if (hasErrorCode(error, 'invalid_invitation')) return invalidLink(reply);
      // A role the invitation gives was deleted since: the invitation stays as it is, for its sender to replace.
      if (hasErrorCode(error, 'role_not_found')) {
        return renderErrorPage(
          reply,
          { title: 'Invitation out of date', message: (error as Error).message, code: 'role_not_found' },
          409,
        );
      }
      // Signed in as someone else, or an account made for the email meanwhile: the page says what to do now.
      if (!hasErrorCode(error, 'invitation_for_another_account') && !hasErrorCode(error, 'account_exists')) {
        throw error;
      }
    }
    // A form that no longer fits who is there (signed in or out since): the page as it is now.
    const now = await page.open(token);
    if (!now) return invalidLink(reply);
    return showFor(request, reply, now);
  });
}

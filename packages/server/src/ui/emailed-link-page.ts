// The page an emailed link (password reset, sign-up) opens, and the one route factory both use: GET shows the
// password form, POST sets the password. The link's first request carries its token in the query: a working token
// moves into an HttpOnly cookie and the browser is redirected to the bare path, so the token does not stay in the
// address bar, the history, or the access logs of anything behind the first hop. Only a working token is kept, so
// nothing else can be planted in the cookie through a crafted URL. The page's form then reads the cookie.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearLinkCookie, type LinkCookie, readCookie, setLinkCookie } from '../http/browser-cookies.js';
import { checkCsrf, csrfTokenFor } from '../http/csrf.js';
import { formParamsOf } from '../http/form-body.js';
import { type FieldErrors, formErrorOf, hasErrorCode, hasErrors, newPasswordErrors } from './form-errors.js';
import { type ErrorPage, renderErrorPage, renderPage } from './render-page.js';

export interface EmailedLinkPage<T> {
  /** The page's path, e.g. /reset-password. */
  path: string;
  cookie: LinkCookie;
  lifetimeSeconds: number;
  /** What a working token opens (the account to reset, the sign-up to finish); undefined for any other token. */
  open(token: string): Promise<T | undefined>;
}

/**
 * Handles the page's GET: returns 'redirected' when it moved a link's token into the cookie (the reply is sent),
 * what the kept token opens, or undefined when there is no working link.
 */
export async function landOnEmailedLink<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: EmailedLinkPage<T>,
): Promise<T | 'redirected' | undefined> {
  const fromLink = (request.query as Record<string, unknown>).token;
  if (fromLink === undefined) return (await keptLink(request, page))?.opened;
  if (typeof fromLink !== 'string' || !(await page.open(fromLink))) return undefined;
  setLinkCookie(reply, page.cookie, fromLink, page.lifetimeSeconds);
  reply.redirect(page.path, 303);
  return 'redirected';
}

/** The token kept in the page's cookie and what it opens now, or undefined when it no longer works. */
export async function keptLink<T>(
  request: FastifyRequest,
  page: EmailedLinkPage<T>,
): Promise<{ token: string; opened: T } | undefined> {
  const token = readCookie(request, page.cookie) ?? '';
  const opened = await page.open(token);
  return opened === undefined ? undefined : { token, opened };
}

/** One emailed-link page: where it lives, what its link opens and what choosing the password does. */
export interface EmailedLinkRoutes<T, R> {
  issuerOrigin: string;
  /** What the link opens and what it does; undefined when the feature is off: both routes answer `unavailable`. */
  page: (Omit<EmailedLinkPage<T>, 'path'> & EmailedLinkCompletion<T, R>) | undefined;
  unavailable(reply: FastifyReply): FastifyReply;
  /**
   * The error page for a link that does not work (expired, used, unknown); its cookie is cleared. Its code is the one
   * `complete` throws when the link stopped working.
   */
  invalidLink: ErrorPage & { code: string };
  /** The password form's view; it gets csrfToken, email and fieldErrors. */
  view: string;
}

export interface EmailedLinkCompletion<T, R> {
  /** The account's email, shown on the form and checked against the password. */
  emailOf(opened: T): string;
  /**
   * Sets the password with the link's token; throws an error about the `password` field (PasswordPolicyError), or
   * one with the code of `invalidLink` when the link no longer works (used or expired meanwhile).
   */
  complete(token: string, password: string): Promise<R>;
  /** The answer once the password is set (the link's cookie is already cleared). */
  done(request: FastifyRequest, reply: FastifyReply, result: R, opened: T): Promise<FastifyReply>;
}

/** Registers GET and POST on the link's page at `path`, the path its emails link to. */
export function registerEmailedLinkRoutes<T, R>(
  app: FastifyInstance,
  path: string,
  routes: EmailedLinkRoutes<T, R>,
): void {
  const page = routes.page && { ...routes.page, path };
  const invalidLink = (reply: FastifyReply, cookie: LinkCookie) => {
    clearLinkCookie(reply, cookie);
    return renderErrorPage(reply, routes.invalidLink, 400);
  };
  const showForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    email: string,
    fieldErrors: FieldErrors = {},
  ) =>
    renderPage(
      reply,
      routes.view,
      { csrfToken: csrfTokenFor(request, reply), email, fieldErrors },
      hasErrors(fieldErrors) ? 400 : 200,
    );

  app.get(path, async (request, reply) => {
    if (!page) return routes.unavailable(reply);
    const link = await landOnEmailedLink(request, reply, page);
    if (link === 'redirected') return reply;
    if (!link) return invalidLink(reply, page.cookie);
    return showForm(request, reply, page.emailOf(link));
  });

  app.post(path, async (request, reply) => {
    if (!page) return routes.unavailable(reply);
    const form = formParamsOf(request);
    checkCsrf(request, form.get('csrf_token'), routes.issuerOrigin);
    const kept = await keptLink(request, page);
    if (!kept) return invalidLink(reply, page.cookie);
    const { token, opened } = kept;
    const email = page.emailOf(opened);
    const password = form.get('password') ?? '';
    const fieldErrors = newPasswordErrors(password, form.get('password_confirm') ?? '', email);
    if (hasErrors(fieldErrors)) return showForm(request, reply, email, fieldErrors);
    let result: R;
    try {
      result = await page.complete(token, password);
    } catch (error) {
      const passwordError = formErrorOf(error, 'password');
      if (passwordError) return showForm(request, reply, email, { password: passwordError });
      if (hasErrorCode(error, routes.invalidLink.code)) return invalidLink(reply, page.cookie);
      throw error;
    }
    clearLinkCookie(reply, page.cookie);
    return page.done(request, reply, result, opened);
  });
}

// The page an emailed link (password reset, sign-up) opens. The link's first request carries its token in the query:
// a working token moves into an HttpOnly cookie and the browser is redirected to the bare path, so the token does not
// stay in the address bar, the history, or the access logs of anything behind the first hop. Only a working token is
// kept, so nothing else can be planted in the cookie through a crafted URL. The page's form then reads the cookie.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type LinkCookie, readCookie, setLinkCookie } from '../http/browser-cookies.js';

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

// The browser cookies Tessera sets: __Host- prefixed (no Domain, Path=/, Secure), HttpOnly, SameSite=Lax.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = '__Host-tessera-session';
export const CSRF_COOKIE = '__Host-tessera-csrf';
/** Holds a password-reset link's token while its page is open, so the token leaves the URL at once. */
export const RESET_COOKIE = '__Host-tessera-reset';
/** Holds a sign-up link's token while its page is open, as RESET_COOKIE does for reset links. */
export const SIGNUP_COOKIE = '__Host-tessera-signup';
/** Holds an invitation link's token while its page is open, as RESET_COOKIE does for reset links. */
export const INVITATION_COOKIE = '__Host-tessera-invitation';
/** Marks a browser where an account signed in (see trusted-devices.ts). */
export const DEVICE_COOKIE = '__Host-tessera-device';
/** Carries a sign-in whose password was right and whose second factor is still to come (accounts/mfa/pending-sign-in.ts). */
export const PENDING_SIGN_IN_COOKIE = '__Host-tessera-pending-sign-in';
/**
 * The email just signed up with or reset, for the sign-in page that follows to fill in: a cookie, so the address stays
 * out of URLs (history, proxies' access logs). Read once, then cleared.
 */
export const LOGIN_HINT_COOKIE = '__Host-tessera-login-hint';
const LOGIN_HINT_SECONDS = 5 * 60;

// Browsers accept Secure cookies from https and from http://localhost-style loopback origins, the only http
// issuers the configuration allows, so the __Host- prefix's Secure requirement always holds.
const BASE = { path: '/', httpOnly: true, sameSite: 'lax', secure: true } as const;

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  return request.cookies[name];
}

export function setSessionCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.setCookie(SESSION_COOKIE, value, { ...BASE, maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, BASE);
}

export function setDeviceCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.setCookie(DEVICE_COOKIE, value, { ...BASE, maxAge: maxAgeSeconds });
}

export function setPendingSignInCookie(reply: FastifyReply, value: string, maxAgeSeconds: number): void {
  reply.setCookie(PENDING_SIGN_IN_COOKIE, value, { ...BASE, maxAge: maxAgeSeconds });
}

export function clearPendingSignInCookie(reply: FastifyReply): void {
  reply.clearCookie(PENDING_SIGN_IN_COOKIE, BASE);
}

export function setCsrfCookie(reply: FastifyReply, value: string): void {
  reply.setCookie(CSRF_COOKIE, value, BASE);
}

/** The cookies that hold an emailed link's token while its page is open (see ui/emailed-link-page.ts). */
export type LinkCookie = typeof RESET_COOKIE | typeof SIGNUP_COOKIE | typeof INVITATION_COOKIE;

export function setLinkCookie(
  reply: FastifyReply,
  name: LinkCookie,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(name, token, { ...BASE, maxAge: maxAgeSeconds });
}

export function clearLinkCookie(reply: FastifyReply, name: LinkCookie): void {
  reply.clearCookie(name, BASE);
}

export function setLoginHintCookie(reply: FastifyReply, email: string): void {
  reply.setCookie(LOGIN_HINT_COOKIE, email, { ...BASE, maxAge: LOGIN_HINT_SECONDS });
}

export function clearLoginHintCookie(reply: FastifyReply): void {
  reply.clearCookie(LOGIN_HINT_COOKIE, BASE);
}

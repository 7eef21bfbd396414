// Where a page may send the browser after sign-in, consent, sign-up or a password reset: only back into this
// issuer's authorization endpoint, to the device page (RFC 8628 §3.3), to the account page, to the invitation page
// (its link's token is in a cookie, never in the path), or home, never to another
// site (no open redirects, RFC 9700 §4.11). Every return_to a page reads, from a query, a form or a stored link, goes through safeReturnTo.
import { ENDPOINT_PATHS } from '../oauth/endpoint-paths.js';
import { UI_PATHS } from './paths.js';

const AUTHORIZE_PREFIX = `${ENDPOINT_PATHS.authorize}?`;
const DEVICE_PREFIX = `${UI_PATHS.device}?`;
// Room for every authorization parameter at its maximum length (4 KB each) after percent-encoding.
const MAX_RETURN_TO_LENGTH = 65_536;
// The authorization endpoint builds return_to with URLSearchParams, which percent-encodes everything else; a value
// with other characters (spaces, controls, non-ASCII, a backslash some browsers read as '/') was not made by it,
// and could not go into a Location header either.
const URL_SAFE = /^[\x21\x23-\x5b\x5d-\x7e]*$/;

/** Where a page goes when there is no pending authorization request. */
export const NO_RETURN_TO = '/';

/**
 * `value` if it is a path back into the authorization endpoint, the device page, or the account or invitation page
 * itself, else '/'. A repeated query parameter is refused.
 */
export function safeReturnTo(value: unknown): string {
  if (value === UI_PATHS.account || value === UI_PATHS.device || value === UI_PATHS.invitation) return value;
  if (
    typeof value === 'string' &&
    value.length <= MAX_RETURN_TO_LENGTH &&
    (value.startsWith(AUTHORIZE_PREFIX) || value.startsWith(DEVICE_PREFIX)) &&
    URL_SAFE.test(value)
  ) {
    return value;
  }
  return NO_RETURN_TO;
}

/** The pending authorization request in `value`, to keep with an emailed link; undefined when there is none. */
export function pendingReturnTo(value: unknown): string | undefined {
  const returnTo = safeReturnTo(value);
  return returnTo === NO_RETURN_TO ? undefined : returnTo;
}

/**
 * `path` (one of our pages, with or without a query) carrying the pending authorization request along, so the page it
 * leads to can go on with it; `path` unchanged when there is none.
 */
export function withReturnTo(path: string, returnTo: string): string {
  if (safeReturnTo(returnTo) === NO_RETURN_TO) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${new URLSearchParams({ return_to: returnTo })}`;
}

// Where a page may send the browser after sign-in or consent: only back into the authorization endpoint (or home),
// never to another site (no open redirects).
const AUTHORIZE_PREFIX = '/oauth2/authorize?';
// Room for every authorization parameter at its maximum length (4 KB each) after percent-encoding.
const MAX_RETURN_TO_LENGTH = 65_536;

/** `value` if it is a path back into the authorization endpoint, else '/'. A repeated query parameter is refused. */
export function safeReturnTo(value: unknown): string {
  if (
    typeof value === 'string' &&
    value.length <= MAX_RETURN_TO_LENGTH &&
    value.startsWith(AUTHORIZE_PREFIX) &&
    !/[\\\r\n]/.test(value)
  ) {
    return value;
  }
  return '/';
}

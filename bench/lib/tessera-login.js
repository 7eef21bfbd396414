// Signs in to Tessera over HTTP as a browser does: GET /login for the CSRF cookie and token, then POST /login.
import { formBody } from './http-client.js';

export const TESSERA_CSRF_COOKIE = '__Host-tessera-csrf';
export const TESSERA_SESSION_COOKIE = '__Host-tessera-session';

/** GET /login: stores the CSRF cookie in `jar` and returns the form's csrf_token. */
export async function getLoginForm(http, issuer, jar, headers = {}) {
  const response = await http.send(`${issuer}/login`, { headers: { ...headers, cookie: jar.header() } });
  jar.update(response.setCookies);
  const token = /name="csrf_token" value="([^"]+)"/.exec(response.body)?.[1];
  if (response.status !== 200 || !token || !jar.get(TESSERA_CSRF_COOKIE)) {
    throw new Error(`GET /login answered HTTP ${response.status} without a CSRF cookie and token`);
  }
  return token;
}

/** POST /login; returns the raw response (303 and a session cookie on success, 401 or 429 with the form otherwise). */
export async function postLogin(
  http,
  issuer,
  jar,
  { csrfToken, email, password, returnTo = '/', headers = {} },
) {
  const response = await http.send(`${issuer}/login`, {
    method: 'POST',
    headers: {
      ...headers,
      origin: issuer,
      'content-type': 'application/x-www-form-urlencoded',
      cookie: jar.header(),
    },
    body: formBody({ csrf_token: csrfToken, email, password, return_to: returnTo }),
  });
  jar.update(response.setCookies);
  return response;
}

/** GET then POST /login; throws unless the answer is a 303 that sets the session cookie. */
export async function signIn(http, issuer, jar, { email, password, headers }) {
  const csrfToken = await getLoginForm(http, issuer, jar, headers);
  const response = await postLogin(http, issuer, jar, { csrfToken, email, password, headers });
  const session = response.setCookies.some((line) => line.startsWith(`${TESSERA_SESSION_COOKIE}=`));
  if (response.status !== 303 || !session) {
    throw new Error(
      `POST /login answered HTTP ${response.status}${session ? '' : ' without a session cookie'}`,
    );
  }
  return response;
}

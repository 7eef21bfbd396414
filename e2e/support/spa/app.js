// A single-page app as browsers run it, with no library: sign-in by the code flow with PKCE (RFC 7636), then a
// refresh and a userinfo call, all with fetch from its own origin. Opened with ?issuer=…&client_id=… it signs in;
// on /callback it finishes and writes what it got into #result. Its calls are also on window.spa for tests.

const base64url = (bytes) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const randomToken = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const redirectUri = () => `${location.origin}/callback`;

/** A fetch whose outcome is data: the answer, or the error's name (a CORS refusal is a bare TypeError, by design). */
async function call(url, init) {
  try {
    const response = await fetch(url, init);
    return { status: response.status, body: await response.json() };
  } catch (error) {
    return { error: error.name };
  }
}

/** RFC 6749 §3.2 as a public client: a form body (a CORS "simple" request) with client_id and no secret. */
function tokenRequest(tokenEndpoint, params) {
  return call(tokenEndpoint, { method: 'POST', body: new URLSearchParams(params) });
}

/** OIDC Core §5.3 with the token in the Authorization header, which makes the browser send a preflight first. */
function userinfo(userinfoEndpoint, accessToken) {
  return call(userinfoEndpoint, { headers: { authorization: `Bearer ${accessToken}` } });
}

async function signIn(issuer, clientId) {
  const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const verifier = randomToken();
  const state = randomToken();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem('spa', JSON.stringify({ clientId, verifier, state, metadata }));
  const authorize = new URL(metadata.authorization_endpoint);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri(),
    scope: 'openid profile offline_access',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  }).toString();
  location.assign(authorize);
}

async function finishSignIn() {
  const { clientId, verifier, state, metadata } = JSON.parse(sessionStorage.getItem('spa'));
  const query = new URLSearchParams(location.search);
  if (query.get('state') !== state) return { error: 'state mismatch' };
  const exchanged = await tokenRequest(metadata.token_endpoint, {
    grant_type: 'authorization_code',
    code: query.get('code'),
    redirect_uri: redirectUri(),
    client_id: clientId,
    code_verifier: verifier,
  });
  if (!exchanged.body?.refresh_token) return { exchanged };
  const refreshed = await tokenRequest(metadata.token_endpoint, {
    grant_type: 'refresh_token',
    refresh_token: exchanged.body.refresh_token,
    client_id: clientId,
  });
  if (!refreshed.body?.access_token) return { exchanged, refreshed };
  return {
    exchanged,
    refreshed,
    userinfo: await userinfo(metadata.userinfo_endpoint, refreshed.body.access_token),
  };
}

window.spa = { tokenRequest, userinfo };

const params = new URLSearchParams(location.search);
if (location.pathname === '/callback') {
  const result = await finishSignIn();
  const output = document.getElementById('result');
  output.textContent = JSON.stringify(result);
  output.dataset.done = 'true';
} else if (params.has('issuer') && params.has('client_id')) {
  await signIn(params.get('issuer'), params.get('client_id'));
}

// Child process: the code-flow load generator (sign in once per worker, then loop authorize -> code -> token).
// N workers against one server, warm-up then a timed measurement; prints a JSON summary and stops by itself.
// Usage: node load.js '<json: {server, issuer, authorizationEndpoint, tokenEndpoint, clientId, clientSecret,
//   redirectUri, scope, user: {email, password}, workers, warmupSeconds, durationSeconds}>'
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CookieJar, createHttpClient, formBody } from '../lib/http-client.js';
import { signIn } from '../lib/tessera-login.js';
import { percentile, runTimedWorkers } from '../lib/timed-workers.js';
import { clientCredentialsRequest } from '../lib/token-request.js';

const spec = JSON.parse(process.argv[2]);
const http = createHttpClient({ connections: spec.workers });
// client_secret_basic, encoded exactly as for the client-credentials bench.
const basic = clientCredentialsRequest(spec).headers.authorization;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizationUrl(challenge, state) {
  const query = new URLSearchParams({
    client_id: spec.clientId,
    redirect_uri: spec.redirectUri,
    response_type: 'code',
    scope: spec.scope,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${spec.authorizationEndpoint}?${query}`;
}

async function get(url, jar) {
  const response = await http.send(url, { headers: { cookie: jar.header() } });
  jar.update(response.setCookies);
  return response;
}

/** The code from a redirect to the client, or an error saying what came instead. */
function codeFrom(response, state) {
  const location = response.headers.location ?? '';
  if ((response.status !== 303 && response.status !== 302) || !location.startsWith(`${spec.redirectUri}?`)) {
    throw new Error(`authorize: HTTP ${response.status} to ${location.split('?')[0] || '(no Location)'}`);
  }
  const params = new URL(location).searchParams;
  if (params.get('error')) throw new Error(`authorize: error=${params.get('error')}`);
  if (params.get('state') !== state) throw new Error('authorize: state mismatch');
  const code = params.get('code');
  if (!code) throw new Error('authorize: no code');
  return code;
}

async function redeem(code, verifier) {
  const response = await http.send(spec.tokenEndpoint, {
    method: 'POST',
    headers: {
      authorization: basic,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: formBody({
      grant_type: 'authorization_code',
      code,
      redirect_uri: spec.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (response.status !== 200)
    throw new Error(`token: HTTP ${response.status} ${response.body.slice(0, 120)}`);
  const body = JSON.parse(response.body);
  if (typeof body.access_token !== 'string' || typeof body.id_token !== 'string') {
    throw new Error('token: 200 without access_token and id_token');
  }
  return body;
}

/** One measured unit: authorize with the session cookie, read the code, redeem it. Returns step times. */
async function roundTrip(jar) {
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');
  const t0 = performance.now();
  const code = codeFrom(await get(authorizationUrl(challenge, state), jar), state);
  const t1 = performance.now();
  const tokens = await redeem(code, verifier);
  return { tokens, authorizeMs: t1 - t0, tokenMs: performance.now() - t1 };
}

/** Gives the worker's jar a signed-in session that has already consented (or needs no consent). */
async function establishSession(jar) {
  if (spec.server === 'tessera') {
    await signIn(http, spec.issuer, jar, spec.user);
    return;
  }
  // oidc-provider: authorize -> its interaction (the server's stand-in login signs the bench account in) -> resume.
  const { verifier, challenge } = pkce();
  const state = randomBytes(12).toString('base64url');
  let response = await get(authorizationUrl(challenge, state), jar);
  for (let hop = 0; hop < 4 && !(response.headers.location ?? '').startsWith(spec.redirectUri); hop++) {
    if (![302, 303].includes(response.status)) throw new Error(`sign-in: HTTP ${response.status}`);
    response = await get(new URL(response.headers.location, spec.issuer), jar);
  }
  await redeem(codeFrom(response, state), verifier);
}

const decode = (jwt) => {
  const [header, claims] = jwt
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url')));
  return { header, claimNames: Object.keys(claims), aud: claims.aud, scope: claims.scope, bytes: jwt.length };
};

const jars = Array.from({ length: spec.workers }, () => new CookieJar());
// One after another: Tessera refuses (429) concurrent sign-ins to one account from one address.
for (const jar of jars) await establishSession(jar);
const check = await roundTrip(jars[0]);
const sample = { accessToken: decode(check.tokens.access_token), idToken: decode(check.tokens.id_token) };

let authorizeMs = 0;
let tokenMs = 0;
const { warmup, measured, latencies, errorSamples } = await runTimedWorkers(jars, roundTrip, {
  warmupSeconds: spec.warmupSeconds,
  durationSeconds: spec.durationSeconds,
  onMeasured(result) {
    authorizeMs += result.authorizeMs;
    tokenMs += result.tokenMs;
  },
});
http.close();
const round = (ms) => Math.round(ms * 10) / 10;
process.stdout.write(
  `${JSON.stringify({
    sample,
    warmup,
    measured: {
      ...measured,
      latencyMs: {
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
        max: round(latencies.at(-1) ?? Number.NaN),
      },
      meanStepMs: { authorize: round(authorizeMs / measured.ok), token: round(tokenMs / measured.ok) },
    },
    errorSamples,
  })}\n`,
);

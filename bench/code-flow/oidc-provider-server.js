// Child process: node-oidc-provider set up like Tessera for the code flow (RS256, PKCE S256, JWT access tokens).
// No consent: a grant covering openid is created once per session. Usage: node oidc-provider-server.js, with
// BENCH_CLIENT_ID, BENCH_CLIENT_SECRET, BENCH_REDIRECT_URI, BENCH_RESOURCE and BENCH_ACCOUNT_ID in the environment;
// it sends {port} over IPC once it listens.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { jwtAccessTokensFor, listenForProvider } from '../lib/oidc-provider-host.js';

const { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET, BENCH_REDIRECT_URI, BENCH_RESOURCE, BENCH_ACCOUNT_ID } =
  process.env;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', use: 'sig', alg: 'RS256' };

const host = await listenForProvider();
const provider = new Provider(host.issuer, {
  clients: [
    {
      client_id: BENCH_CLIENT_ID,
      client_secret: BENCH_CLIENT_SECRET,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [BENCH_REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  // One account, as Tessera has one user; its claims for scope openid are just sub.
  findAccount: (_ctx, sub) =>
    sub === BENCH_ACCOUNT_ID ? { accountId: sub, claims: () => ({ sub }) } : undefined,
  // The documented way to skip consent for a first-party client: the first authorization of a session creates a
  // Grant covering the scopes; oidc-provider remembers its id in the session and finds it on every later request.
  loadExistingGrant: async (ctx) => {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid');
    grant.addResourceScope(BENCH_RESOURCE, '');
    await grant.save();
    return grant;
  },
  // PKCE for every client, S256 only, as Tessera.
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: jwtAccessTokensFor(BENCH_RESOURCE, { scope: 'api', alg: 'RS256' }),
  },
  // Tessera's lifetimes: codes 60 s, access tokens 900 s, ID tokens 1 h, sessions 10 h.
  ttl: {
    AccessToken: 900,
    AuthorizationCode: 60,
    IdToken: 3600,
    Grant: 10 * 3600,
    Session: 10 * 3600,
    Interaction: 600,
  },
});
provider.on('server_error', (_ctx, error) => console.error('server_error', error));
const callback = provider.callback();

// Stands in for a login page at setup only (once per load worker): whoever reaches the interaction is signed in as
// the bench account. Under load every authorization request carries a session and never comes here.
async function interaction(request, response) {
  try {
    const details = await provider.interactionDetails(request, response);
    if (details.prompt.name !== 'login')
      throw new Error(`unexpected interaction prompt ${details.prompt.name}`);
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: BENCH_ACCOUNT_ID, amr: ['pwd'] } },
      { mergeWithLastSubmission: false },
    );
  } catch (error) {
    console.error('interaction', error);
    response.statusCode = 500;
    response.end(String(error.message));
  }
}

host.serve((request, response) =>
  request.url.startsWith('/interaction/') ? interaction(request, response) : callback(request, response),
);

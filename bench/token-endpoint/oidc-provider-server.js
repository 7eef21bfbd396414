// Child process: node-oidc-provider on 127.0.0.1 set up for client credentials with JWT access tokens.
// Usage: node oidc-provider-server.js <RS256|ES256>, with BENCH_CLIENT_ID and BENCH_CLIENT_SECRET in the
// environment; it sends {port} over IPC once it listens.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { jwtAccessTokensFor, listenForProvider } from '../lib/oidc-provider-host.js';

const RESOURCE = 'https://api.example.com';
const alg = process.argv[2];
const KEY_OPTIONS = {
  RS256: ['rsa', { modulusLength: 2048 }],
  ES256: ['ec', { namedCurve: 'P-256' }],
};
if (!KEY_OPTIONS[alg]) throw new Error(`unsupported alg ${alg}; use RS256 or ES256`);

const { privateKey } = generateKeyPairSync(...KEY_OPTIONS[alg]);
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: `bench-${alg.toLowerCase()}`, use: 'sig', alg };

const host = await listenForProvider();
const provider = new Provider(host.issuer, {
  clients: [
    {
      client_id: process.env.BENCH_CLIENT_ID,
      client_secret: process.env.BENCH_CLIENT_SECRET,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      scope: 'read write',
    },
  ],
  // Scopes the client may hold must be ones the provider supports.
  scopes: ['openid', 'offline_access', 'read', 'write'],
  jwks: { keys: [jwk] },
  // Without a default alg matching our only key, the provider would look for an RS256 key for ID tokens.
  clientDefaults: { id_token_signed_response_alg: alg },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: jwtAccessTokensFor(RESOURCE, { scope: 'read write', alg }),
  },
  // Explicit lifetimes (the resource server's 900 s wins anyway) keep the provider from printing notices.
  ttl: { AccessToken: 900, ClientCredentials: 900 },
});
provider.on('server_error', (_ctx, error) => console.error('server_error', error));
host.serve(provider.callback());

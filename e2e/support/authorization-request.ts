// Builds an authorization request as a relying party would (PKCE S256, state, nonce) and redeems the code it yields.
import { createHash, randomBytes } from 'node:crypto';
import { basicAuth, postForm } from '../../packages/server/test/support/test-server.js';

export interface AuthorizationRequest {
  /** The /oauth2/authorize URL to open in the browser. */
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

const randomToken = () => randomBytes(32).toString('base64url');

export function newAuthorizationRequest(
  issuer: string,
  clientId: string,
  redirectUri: string,
  extra: Record<string, string> = {},
): AuthorizationRequest {
  const state = randomToken();
  const nonce = randomToken();
  const codeVerifier = randomToken();
  // RFC 7636 §4.2: code_challenge = BASE64URL(SHA256(ASCII(code_verifier))).
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const query = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url: `${issuer}/oauth2/authorize?${query}`, state, nonce, codeVerifier };
}

/** RFC 6749 §4.1.3 with client_secret_basic, at the token endpoint the discovery document names. */
export async function redeemCode(
  issuer: string,
  client: { clientId: string; clientSecret: string },
  redirectUri: string,
  code: string,
  codeVerifier: string,
): Promise<TokenResponse> {
  const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
    token_endpoint: string;
  };
  const response = await postForm(
    discovery.token_endpoint,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier },
    { authorization: basicAuth(client.clientId, client.clientSecret) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The claims of a compact JWT, unverified: signature checks are the openid-client tests' job. */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

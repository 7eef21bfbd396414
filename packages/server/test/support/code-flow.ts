// Drives the code flow by hand (no client library), for tests that need to bend each step.
import { createHash, randomBytes } from 'node:crypto';
import { FormBrowser } from './form-browser.js';
import { APP_REDIRECT_URI, PASSWORD } from './sign-in-fixtures.js';
import { basicAuth, postForm, type TestServer } from './test-server.js';

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(tessera: TestServer, params: Record<string, string | undefined>): string {
  const url = new URL('/oauth2/authorize', tessera.issuer);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

/** A browser already signed in as the fixture user, or as another account. */
export async function signedInBrowser(
  tessera: TestServer,
  email = 'ann@example.com',
  password = PASSWORD,
): Promise<FormBrowser> {
  const browser = new FormBrowser(tessera.issuer);
  const login = await browser.follow('/login');
  const done = await browser.submit(login, { email, password });
  if (!done.body.includes('You are signed in')) throw new Error(`sign-in failed with ${done.status}`);
  return browser;
}

/** Runs authorize (consenting when asked) and returns the code. */
export async function obtainCode(
  tessera: TestServer,
  browser: FormBrowser,
  clientId: string,
  extra: Record<string, string> = {},
): Promise<{ code: string; verifier: string; callback: URL }> {
  const { verifier, challenge } = pkcePair();
  let page = await browser.follow(
    authorizeUrl(tessera, {
      client_id: clientId,
      redirect_uri: APP_REDIRECT_URI,
      response_type: 'code',
      scope: 'openid offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's',
      ...extra,
    }),
  );
  if (page.body.includes('action="/oauth2/consent"'))
    page = await browser.submit(page, { decision: 'allow' });
  const callback = new URL(page.location ?? 'about:blank');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${page.status} ${page.location}`);
  return { code, verifier, callback };
}

export function redeemCode(
  tessera: TestServer,
  client: { clientId: string; clientSecret: string },
  code: string,
  verifier: string | undefined,
  redirectUri = APP_REDIRECT_URI,
) {
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
  };
  if (verifier !== undefined) params.code_verifier = verifier;
  return postForm(`${tessera.issuer}/oauth2/token`, params, {
    authorization: basicAuth(client.clientId, client.clientSecret),
  });
}

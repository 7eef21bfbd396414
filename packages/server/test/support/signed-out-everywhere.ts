// The one check that an account was signed out everywhere: its browser session, refresh token and access token.
import { expect } from 'vitest';
import type { FormBrowser } from './form-browser.js';
import { basicAuth, postForm, type TestServer } from './test-server.js';

export async function expectSignedOutEverywhere(
  tessera: TestServer,
  browser: FormBrowser,
  app: { clientId: string; clientSecret: string },
  tokens: { access_token: string; refresh_token: string },
): Promise<void> {
  expect((await browser.follow('/')).body).not.toContain('You are signed in');
  const auth = { authorization: basicAuth(app.clientId, app.clientSecret) };
  const refreshed = await postForm(
    `${tessera.issuer}/oauth2/token`,
    { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
    auth,
  );
  expect(refreshed.status).toBe(400);
  expect((await refreshed.json()).error).toBe('invalid_grant');
  const introspection = await postForm(
    `${tessera.issuer}/oauth2/introspect`,
    { token: tokens.access_token },
    auth,
  );
  expect(await introspection.json()).toEqual({ active: false });
}

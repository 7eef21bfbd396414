// A single-page app in Chromium, on its own 127.0.0.1 origin, talking to Tessera with fetch (CORS), and a page on a
// second origin that no client registered, which the browser does not let read Tessera's answers.
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, PASSWORD } from '../packages/server/test/support/sign-in-fixtures.js';
import { useBrowserFixture } from './support/browser-fixture.js';
import { chromiumAvailable } from './support/chromium.js';
import { type SpaSite, startSpaSite } from './support/spa-site.js';

/** What the app's calls resolve to (see support/spa/app.js): an answer, or the name of the error fetch threw. */
interface CallOutcome {
  status?: number;
  body?: Record<string, unknown>;
  error?: string;
}

interface SpaWindow {
  spa: {
    tokenRequest(endpoint: string, params: Record<string, string>): Promise<CallOutcome>;
    userinfo(endpoint: string, accessToken: string): Promise<CallOutcome>;
  };
}

describe.runIf(chromiumAvailable())('a single-page app calling Tessera from its own origin', () => {
  // One context for the file: the app's page and the second origin's page share its cookies, as one browser's would.
  const fixture = useBrowserFixture({ page: 'plain', pages: 'per-file' });
  let registeredSpa: SpaSite;
  let unregisteredSpa: SpaSite;
  let user: { id: string };
  let clientId: string;

  beforeAll(async () => {
    [registeredSpa, unregisteredSpa] = await Promise.all([startSpaSite(), startSpaSite()]);
    user = await createTestUser(fixture.tessera);
    // A public client whose redirect URI is on the app's origin: that origin is allowed with no other setting.
    ({ clientId } = await fixture.tessera.createClient({
      name: 'Browser App',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: [],
      public: true,
      redirectUris: [registeredSpa.redirectUri],
    }));
  });
  afterAll(async () => {
    await Promise.all([registeredSpa?.close(), unregisteredSpa?.close()]);
  });

  /** Resolves with the CORS error Chromium reports for the next request of `page` to `url` that fails. */
  async function nextCorsError(cdp: CDPSession, url: string): Promise<string | undefined> {
    const requests = new Map<string, string>();
    cdp.on('Network.requestWillBeSent', (event) => requests.set(event.requestId, event.request.url));
    return new Promise((resolve) => {
      cdp.on('Network.loadingFailed', (event) => {
        if (requests.get(event.requestId) === url) resolve(event.corsErrorStatus?.corsError);
      });
    });
  }

  async function cdpFor(page: Page): Promise<CDPSession> {
    const cdp = await fixture.context.newCDPSession(page);
    await cdp.send('Network.enable');
    return cdp;
  }

  it('signs in with code + PKCE, refreshes and reads userinfo with fetch; a page on an unregistered origin is refused by the browser', async () => {
    const { tessera, page, context } = fixture;
    await page.goto(
      `${registeredSpa.origin}/?${new URLSearchParams({ issuer: tessera.issuer, client_id: clientId })}`,
    );
    // Tessera's pages, as a person sees them.
    await page.locator('#email').fill('ann@example.com');
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    // Back at the app, which exchanges the code, refreshes, and calls userinfo.
    const result = page.locator('#result[data-done]');
    await result.waitFor();
    const { exchanged, refreshed, userinfo } = JSON.parse((await result.textContent()) ?? '{}') as Record<
      string,
      CallOutcome
    >;
    expect(exchanged).toMatchObject({
      status: 200,
      body: { token_type: 'Bearer', id_token: expect.any(String) },
    });
    expect(refreshed).toMatchObject({ status: 200, body: { refresh_token: expect.any(String) } });
    expect(refreshed?.body?.refresh_token).not.toBe(exchanged?.body?.refresh_token);
    expect(userinfo).toEqual({
      status: 200,
      body: expect.objectContaining({ sub: user.id, name: 'Ann Example' }),
    });
    const refreshToken = refreshed?.body?.refresh_token as string;
    const accessToken = refreshed?.body?.access_token as string;

    // The same app served from a second loopback origin, which no client registered, holding the app's tokens.
    const elsewhere = await context.newPage();
    const cdp = await cdpFor(elsewhere);
    await elsewhere.goto(`${unregisteredSpa.origin}/`);
    const tokenEndpoint = `${tessera.issuer}/oauth2/token`;
    const userinfoEndpoint = `${tessera.issuer}/oauth2/userinfo`;

    // A form POST needs no preflight: the browser sends it, Tessera refuses it, and the page may not read the answer.
    const refreshRefused = nextCorsError(cdp, tokenEndpoint);
    const refresh = await refreshIn(elsewhere, tokenEndpoint, clientId, refreshToken);
    expect(refresh).toEqual({ error: 'TypeError' });
    expect(await refreshRefused).toBe('MissingAllowOriginHeader');

    // A bearer token needs a preflight, which Tessera does not grant to this origin: the request is never sent.
    const userinfoRefused = nextCorsError(cdp, userinfoEndpoint);
    const stolenUserinfo = await elsewhere.evaluate(
      ([endpoint, token]) => (window as unknown as SpaWindow).spa.userinfo(endpoint, token),
      [userinfoEndpoint, accessToken] as const,
    );
    expect(stolenUserinfo).toEqual({ error: 'TypeError' });
    expect(await userinfoRefused).toBe('PreflightMissingAllowOriginHeader');

    // The refused refresh spent nothing: the app's refresh token still works (a replay would have ended the grant).
    const again = await refreshIn(page, tokenEndpoint, clientId, refreshToken);
    expect(again).toMatchObject({ status: 200, body: { access_token: expect.any(String) } });
  });
});

/** The SPA's own fetch of a refresh grant, run in the page at `site` (its origin is what CORS judges). */
function refreshIn(site: Page, tokenEndpoint: string, clientId: string, refreshToken: string) {
  return site.evaluate(
    ([endpoint, id, token]) =>
      (window as unknown as SpaWindow).spa.tokenRequest(endpoint, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: id,
      }),
    [tokenEndpoint, clientId, refreshToken] as const,
  );
}

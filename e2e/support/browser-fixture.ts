// The set-up every browser suite shares: a Tessera test server of the file's own, a connection to this worker's
// Chromium (chromium.ts), an internet sink, and a fresh offline page for each test, closed after it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { APP_REDIRECT_URI, PASSWORD } from '../../packages/server/test/support/sign-in-fixtures.js';
import {
  startTestServer,
  type TestServer,
  type TestServerOptions,
} from '../../packages/server/test/support/test-server.js';
import { type AuthorizationRequest, redeemCode, type TokenResponse } from './authorization-request.js';
import { launchChromium, newOfflineContext, newOfflinePage } from './chromium.js';
import { type InternetSink, startInternetSink } from './internet-sink.js';

/** The origin of the test apps' redirect URI, answered inside the browser (newOfflinePage). */
export const APP_ORIGIN = new URL(APP_REDIRECT_URI).origin;

export interface BrowserFixtureOptions {
  /** The file's server (startTestServer's defaults unless given); a function when it needs work first (a port). */
  server?: TestServerOptions | (() => Promise<TestServerOptions>);
  /**
   * `app-callback` (the default): navigations to APP_ORIGIN are answered in the browser with a callback page
   * (newOfflinePage). `plain`: an offline page and nothing more (newOfflineContext).
   */
  page?: 'app-callback' | 'plain';
  /** `per-test` (the default): each test gets a page in a fresh context. `per-file`: one page for all of them. */
  pages?: 'per-test' | 'per-file';
}

export interface BrowserFixture {
  readonly tessera: TestServer;
  readonly browser: Browser;
  readonly sink: InternetSink;
  /** The page of the running test (or of the file, with `pages: 'per-file'`). */
  readonly page: Page;
  /** The page's context: its cookies are the browser's. */
  readonly context: BrowserContext;
  /** The page's first heading. */
  heading(): Promise<string | null>;
  /** Fills in the sign-in form the page shows and submits it with the mouse. */
  signInWithPassword(email: string, password?: string): Promise<void>;
  /** The URL the page is sent back to at the app, once it is there (answered inside the browser). */
  appCallback(): Promise<URL>;
  /** The app's half of the code flow: redeems the code in `callback` for `request` (PKCE) at the file's server. */
  redeemAtApp(
    app: { clientId: string; clientSecret: string },
    request: AuthorizationRequest,
    callback: URL,
  ): Promise<TokenResponse>;
}

/**
 * Registers the hooks that give the calling `describe` block (or file) its server, browser and pages; the returned
 * object's fields are set once `beforeAll` has run. Hooks the file registers afterwards run after these, so a file's
 * own `beforeAll` and `beforeEach` see the server and the page.
 */
export function useBrowserFixture(options: BrowserFixtureOptions = {}): BrowserFixture {
  let tessera: TestServer | undefined;
  let browser: Browser | undefined;
  let sink: InternetSink | undefined;
  let page: Page | undefined;

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(`the browser fixture's ${name} is not ready: use it inside a test or hook`);
    return value;
  };
  const openPage = async (): Promise<Page> => {
    const [openBrowser, openSink] = [ready(browser, 'browser'), ready(sink, 'sink')];
    if (options.page === 'plain') return (await newOfflineContext(openBrowser, openSink)).newPage();
    return newOfflinePage(openBrowser, openSink, APP_ORIGIN);
  };

  beforeAll(async () => {
    const serverOptions = typeof options.server === 'function' ? await options.server() : options.server;
    [tessera, browser, sink] = await Promise.all([
      startTestServer(serverOptions),
      launchChromium(),
      startInternetSink(),
    ]);
    if (options.pages === 'per-file') page = await openPage();
  });
  afterAll(async () => {
    // Closing the connection closes every context it made; Chromium stays for the worker's next file.
    await browser?.close();
    await Promise.all([tessera?.cleanup(), sink?.close()]);
  });
  if (options.pages !== 'per-file') {
    beforeEach(async () => {
      page = await openPage();
    });
    afterEach(async () => {
      await page?.context().close();
      page = undefined;
    });
  }

  const fixture: BrowserFixture = {
    get tessera() {
      return ready(tessera, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get sink() {
      return ready(sink, 'sink');
    },
    get page() {
      return ready(page, 'page');
    },
    get context() {
      return ready(page, 'page').context();
    },
    heading: () => fixture.page.locator('h1').textContent(),
    signInWithPassword: async (email, password = PASSWORD) => {
      const current = fixture.page;
      await current.locator('#email').fill(email);
      await current.locator('#password').fill(password);
      await Promise.all([
        current.waitForLoadState(),
        current.getByRole('button', { name: 'Sign in', exact: true }).click(),
      ]);
    },
    appCallback: async () => {
      const current = fixture.page;
      await current.waitForURL((url) => url.origin === APP_ORIGIN);
      return new URL(current.url());
    },
    redeemAtApp: (app, request, callback) =>
      redeemCode(
        fixture.tessera.issuer,
        app,
        APP_REDIRECT_URI,
        callback.searchParams.get('code') ?? '',
        request.codeVerifier,
      ),
  };
  return fixture;
}

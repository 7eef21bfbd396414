// Runs Debian's Chromium headless for the browser tests, kept off the internet: only 127.0.0.1 is reachable.
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, type BrowserServer, chromium, type Page } from 'playwright-core';
import type { InternetSink } from './internet-sink.js';

/** The system Chromium; `npx playwright install` is never used. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

let told = false;

/**
 * Whether the browser suites run: always under CI=true (where a missing Chromium fails them loudly), elsewhere only
 * when Chromium is installed, with one line saying how to install it when it is not.
 */
export function chromiumAvailable(
  env: Record<string, string | undefined> = process.env,
  path = CHROMIUM_PATH,
  tell: (line: string) => void = (line) => process.stderr.write(line),
): boolean {
  if (env.CI === 'true' || existsSync(path)) return true;
  if (!told) {
    told = true;
    tell(
      `Chromium is not installed at ${path}: the browser tests are skipped here (install it: apt-get install chromium)\n`,
    );
  }
  return false;
}

/** The one Chromium of this test process, started on first use; it ends with the process. */
let shared: Promise<BrowserServer> | undefined;

/**
 * A connection of its own to this process's Chromium: closing it closes the contexts it made and leaves the browser
 * for the next test file (starting Chromium costs more than many a test).
 */
export async function launchChromium(): Promise<Browser> {
  shared ??= startChromium();
  return chromium.connect((await shared).wsEndpoint());
}

function startChromium(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh context whose traffic beyond 127.0.0.1 goes to `sink`, which answers nothing. */
export async function newOfflineContext(browser: Browser, sink: InternetSink): Promise<BrowserContext> {
  const context = await browser.newContext({ proxy: { server: sink.proxyUrl, bypass: '127.0.0.1' } });
  // Fail in seconds, not at the test timeout, when an element or page never appears.
  context.setDefaultTimeout(10_000);
  return context;
}

/**
 * A page in a fresh offline context (newOfflineContext) where navigations to `appOrigin` (the client's redirect URI)
 * are answered in the browser with a "callback" page.
 *
 * Playwright's own `page.route` never sees redirects (microsoft/playwright#2617), and the authorization response is
 * always a 303 redirect, so the callback is caught with CDP's Fetch domain, which pauses redirect hops too, before
 * any DNS lookup.
 */
export async function newOfflinePage(browser: Browser, sink: InternetSink, appOrigin: string): Promise<Page> {
  const context = await newOfflineContext(browser, sink);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  cdp.on('Fetch.requestPaused', ({ requestId }) => {
    cdp
      .send('Fetch.fulfillRequest', {
        requestId,
        responseCode: 200,
        responseHeaders: [{ name: 'content-type', value: 'text/plain; charset=utf-8' }],
        body: Buffer.from('callback').toString('base64'),
      })
      // The page may be closing when a late request is paused; there is nothing left to answer then.
      .catch(() => undefined);
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${appOrigin}/*`, requestStage: 'Request' }] });
  return page;
}

// The README's "Signing people in" walkthrough, end to end: the example app in examples/sign-in-app, a real
// Tessera and a person signing in with Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../packages/server/test/support/free-port.js';
import { createTestUser, PASSWORD } from '../packages/server/test/support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../packages/server/test/support/test-server.js';
import { chromiumAvailable, launchChromium } from './support/chromium.js';

const APP = fileURLToPath(new URL('../examples/sign-in-app/app.js', import.meta.url));

describe.runIf(chromiumAvailable())('the README example app', () => {
  let tessera: TestServer;
  let browser: Browser;
  let app: ChildProcess | undefined;
  let appUrl: string;

  beforeAll(async () => {
    [tessera, browser] = await Promise.all([startTestServer(), launchChromium()]);
    await createTestUser(tessera);
    const appPort = await freePort();
    appUrl = `http://localhost:${appPort}`;
    const { clientId, clientSecret } = await tessera.createClient({
      name: 'Example App',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: [],
      redirectUris: [`${appUrl}/callback`],
    });
    app = spawn(process.execPath, [APP], {
      env: {
        PATH: process.env.PATH,
        ISSUER: tessera.issuer,
        APP_PORT: String(appPort),
        CLIENT_ID: clientId,
        CLIENT_SECRET: clientSecret,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: app.stdout as NodeJS.ReadableStream }), 'line')) as [
      string,
    ];
    expect(line).toBe(`Open ${appUrl}/ to sign in with ${tessera.issuer}`);
  });
  afterAll(async () => {
    app?.kill();
    await Promise.all([browser?.close(), tessera?.cleanup()]);
  });

  it('signs a person in through Tessera and shows who they are', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${appUrl}/`);
    expect(await page.locator('.lead').textContent()).toBe('to continue to Example App');
    await page.locator('#email').fill('ann@example.com');
    await page.locator('#password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((url) => url.origin === appUrl);
    const user = await tessera.runtime.stores.users.findByEmail('ann@example.com');
    expect((await page.locator('body').textContent())?.trim()).toBe(
      `Signed in as ann@example.com (Ann Example), subject ${user?.id}`,
    );
    await context.close();
  });

  it('refuses a callback in a browser that did not start the sign-in (login CSRF, RFC 9700 §4.7)', async () => {
    const response = await fetch(`${appUrl}/callback?code=stolen&state=stolen`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Sign-in failed: no sign-in was started in this browser\n');
  });
});

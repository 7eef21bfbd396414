// openid-client, a certified relying-party library, drives Tessera's device flow: discovery, the device
// authorization request, polling for the tokens (ID token validated), userinfo; and a denial.
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerDeviceRequest, createDeviceApp, signedInDeviceBrowser } from '../support/device-flow.js';
import type { FormBrowser } from '../support/form-browser.js';
import { createTestUser } from '../support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('openid-client: device authorization grant against Tessera', () => {
  let tessera: TestServer;
  let user: { id: string };
  let config: oidc.Configuration;
  let browser: FormBrowser;

  beforeAll(async () => {
    tessera = await startTestServer();
    user = await createTestUser(tessera);
    const app = await createDeviceApp(tessera);
    config = await oidc.discovery(new URL(tessera.issuer), app.clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    browser = await signedInDeviceBrowser(tessera);
  });
  afterAll(() => tessera.cleanup());

  // The person answers before the first poll, and openid-client is told to poll at once (interval 0), so the test
  // never waits out the 5-second interval; the pacing itself is device-flow.test.ts's.
  const pollNow = (response: oidc.DeviceAuthorizationResponse) =>
    oidc.pollDeviceAuthorizationGrant(config, { ...response, interval: 0 });

  it('initiates, is approved, polls for tokens with a valid ID token, refreshes and reads userinfo', async () => {
    expect(config.serverMetadata().device_authorization_endpoint).toBe(
      `${tessera.issuer}/oauth2/device_authorization`,
    );
    const started = await oidc.initiateDeviceAuthorization(config, {
      scope: 'openid profile email offline_access',
    });
    expect(started.interval).toBe(5);
    expect(started.verification_uri).toBe(`${tessera.issuer}/device`);
    await answerDeviceRequest(browser, started.user_code, 'approve');

    const tokens = await pollNow(started);
    expect(tokens.claims()).toMatchObject({ sub: user.id, email: 'ann@example.com', amr: ['pwd'] });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(userinfo).toMatchObject({ sub: user.id, email: 'ann@example.com', name: 'Ann Example' });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  });

  it('a denied request ends polling with access_denied', async () => {
    const started = await oidc.initiateDeviceAuthorization(config, { scope: 'openid' });
    await answerDeviceRequest(browser, started.user_code, 'deny');
    await expect(pollNow(started)).rejects.toMatchObject({ error: 'access_denied' });
  });
});

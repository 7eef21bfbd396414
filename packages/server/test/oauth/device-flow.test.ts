// The device authorization grant (RFC 8628) over HTTP: the device authorization endpoint, every polling answer of the
// token endpoint by name, single use, client binding and authentication, and the /device page's code entry.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashOpaqueSecret } from '../../src/crypto/opaque-secret.js';
import { CLIENT_CACHE_TTL_MS } from '../../src/oauth/clients/cached-client-store.js';
import { deleteClient } from '../../src/oauth/clients/delete-client.js';
import { DEVICE_CODE_NETWORK_LIMIT } from '../../src/oauth/device/find-device-request.js';
import {
  answerDeviceRequest,
  createDeviceApp,
  DEVICE_CODE_GRANT_TYPE,
  enterUserCode,
  pollDeviceToken,
  requestDeviceAuthorization,
  signedInDeviceBrowser,
  startDeviceFlow,
} from '../support/device-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { basicAuth, postForm, startTestServer, type TestServer } from '../support/test-server.js';

describe('device authorization grant (RFC 8628)', () => {
  let tessera: TestServer;
  let clock: TestClock;
  let user: { id: string };
  let app: { clientId: string };
  let browser: FormBrowser;

  beforeAll(async () => {
    clock = new TestClock(Date.now());
    tessera = await startTestServer({ clock });
    user = await createTestUser(tessera);
    app = await createDeviceApp(tessera);
  });
  afterAll(() => tessera.cleanup());
  // Every code entered here comes from 127.0.0.1: each test starts in a fresh window of the per-network limit, signed
  // in afresh (the move is longer than sessions may stay idle).
  beforeEach(async () => {
    clock.advanceSeconds(DEVICE_CODE_NETWORK_LIMIT.windowSeconds);
    browser = await signedInDeviceBrowser(tessera);
  });

  const start = (scope = 'openid profile offline_access shows:watch') =>
    startDeviceFlow(tessera.issuer, { client_id: app.clientId, scope });
  const poll = (deviceCode: string, clientId = app.clientId) =>
    pollDeviceToken(tessera.issuer, clientId, deviceCode);

  it('is advertised in discovery: the endpoint and the grant type', async () => {
    const metadata = (await (
      await fetch(`${tessera.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(metadata.device_authorization_endpoint).toBe(`${tessera.issuer}/oauth2/device_authorization`);
    expect(metadata.grant_types_supported).toContain(DEVICE_CODE_GRANT_TYPE);
    const oauthMetadata = (await (
      await fetch(`${tessera.issuer}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(oauthMetadata.device_authorization_endpoint).toBe(`${tessera.issuer}/oauth2/device_authorization`);
  });

  it('answers the device authorization request with codes, links, a 10-minute life and a 5-second interval', async () => {
    const response = await requestDeviceAuthorization(tessera.issuer, {
      client_id: app.clientId,
      scope: 'openid',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = response.body;
    expect(body.device_code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(body.verification_uri).toBe(`${tessera.issuer}/device`);
    expect(body.verification_uri_complete).toBe(
      `${tessera.issuer}/device?user_code=${encodeURIComponent(body.user_code as string)}`,
    );
    expect(body).toMatchObject({ expires_in: 600, interval: 5 });
    // Stored only as hashes: the row holds neither code.
    const stored = await tessera.runtime.stores.deviceAuthorizations.findByDeviceCode(
      hashOpaqueSecret(body.device_code as string),
    );
    expect(stored).toMatchObject({ clientId: app.clientId, scope: ['openid'], status: 'pending' });
    const row = JSON.stringify(stored);
    expect(row).not.toContain(body.device_code as string);
    expect(row).not.toContain((body.user_code as string).replace('-', ''));
  });

  it('authorization_pending until approved, then tokens (ID token, refresh token) exactly once', async () => {
    const flow = await start();
    const pending = await poll(flow.device_code);
    expect(pending.status).toBe(400);
    expect(pending.body.error).toBe('authorization_pending');

    const done = await answerDeviceRequest(browser, flow.user_code, 'approve');
    expect(done.body).toContain('data-device-outcome="approved"');

    clock.advanceSeconds(flow.interval);
    const tokens = await poll(flow.device_code);
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get('cache-control')).toBe('no-store');
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'openid profile offline_access shows:watch',
    });
    expect(decodeJwt(tokens.body.access_token as string)).toMatchObject({
      sub: user.id,
      client_id: app.clientId,
    });
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({
      sub: user.id,
      aud: app.clientId,
      name: 'Ann Example',
      amr: ['pwd'],
    });
    expect(tokens.body.refresh_token).toEqual(expect.any(String));

    // The refresh token rotates like any other.
    const refreshed = await postForm(`${tessera.issuer}/oauth2/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token as string,
      client_id: app.clientId,
    });
    expect(refreshed.status).toBe(200);
    const rotated = (await refreshed.json()) as Record<string, unknown>;
    expect(rotated.refresh_token).not.toBe(tokens.body.refresh_token);

    // Single use: the device code yields nothing more.
    clock.advanceSeconds(flow.interval);
    const again = await poll(flow.device_code);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');

    // Neither code, nor any token, reached the server's log.
    const logs = tessera.logs();
    for (const secret of [
      flow.device_code,
      flow.user_code,
      tokens.body.access_token,
      tokens.body.refresh_token,
    ])
      expect(logs).not.toContain(secret as string);
  });

  it('no ID token without openid, no refresh token without offline_access', async () => {
    const flow = await start('shows:watch');
    await answerDeviceRequest(browser, flow.user_code, 'approve');
    const tokens = await poll(flow.device_code);
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toBeUndefined();
    expect(tokens.body.refresh_token).toBeUndefined();
    expect(tokens.body.scope).toBe('shows:watch');
  });

  it('concurrent polls of an approved device code: exactly one gets tokens', async () => {
    const flow = await start();
    await answerDeviceRequest(browser, flow.user_code, 'approve');
    const answers = await Promise.all(Array.from({ length: 6 }, () => poll(flow.device_code)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.error === 'invalid_grant')).toHaveLength(5);
  });

  it('slow_down for a poll sooner than the interval, which then stays 5 s longer; on time at the new one, never slow_down again', async () => {
    const flow = await start();
    expect((await poll(flow.device_code)).body.error).toBe('authorization_pending');
    clock.advanceSeconds(2);
    const tooSoon = await poll(flow.device_code);
    expect(tooSoon.status).toBe(400);
    expect(tooSoon.body.error).toBe('slow_down');
    // Polling at the raised interval (10 s) from then on: never slow_down again.
    for (let i = 0; i < 4; i++) {
      clock.advanceSeconds(10);
      expect((await poll(flow.device_code)).body.error).toBe('authorization_pending');
    }
    // The raise was kept: the old 5 s is too soon now, and raises it again, to 15 s.
    clock.advanceSeconds(5);
    expect((await poll(flow.device_code)).body.error).toBe('slow_down');
    clock.advanceSeconds(10);
    expect((await poll(flow.device_code)).body.error).toBe('slow_down');
    // Now 20 s, and kept.
    clock.advanceSeconds(20);
    expect((await poll(flow.device_code)).body.error).toBe('authorization_pending');
    clock.advanceSeconds(15);
    expect((await poll(flow.device_code)).body.error).toBe('slow_down');
    clock.advanceSeconds(25);
    expect((await poll(flow.device_code)).body.error).toBe('authorization_pending');
  });

  it('access_denied once the person denies the request', async () => {
    const flow = await start();
    const done = await answerDeviceRequest(browser, flow.user_code, 'deny');
    expect(done.body).toContain('data-device-outcome="denied"');
    const denied = await poll(flow.device_code);
    expect(denied.status).toBe(400);
    expect(denied.body.error).toBe('access_denied');
    // A denied code cannot be approved afterwards: the page no longer knows it.
    const entry = await enterUserCode(browser, flow.user_code);
    expect(pageErrorCodes(entry.body)).toEqual(['invalid_user_code']);
  });

  it('expired_token after 10 minutes; the page no longer takes its user code', async () => {
    const flow = await start();
    clock.advanceSeconds(flow.expires_in);
    const expired = await poll(flow.device_code);
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe('expired_token');
    const entry = await enterUserCode(browser, flow.user_code);
    expect(entry.status).toBe(400);
    expect(pageErrorCodes(entry.body)).toEqual(['invalid_user_code']);
  });

  it('a request that expires while the confirmation page is open cannot be approved', async () => {
    const flow = await start();
    const confirmation = await enterUserCode(browser, flow.user_code);
    expect(confirmation.body).toContain('action="/device/decision"');
    clock.advanceSeconds(flow.expires_in);
    const late = await browser.submit(confirmation, { decision: 'approve' });
    expect(pageErrorCodes(late.body)).toEqual(['invalid_user_code']);
    expect((await poll(flow.device_code)).body.error).toBe('expired_token');
  });

  it('a device code polled by another client is invalid_grant, and left for its own client', async () => {
    const other = await createDeviceApp(tessera);
    const flow = await start();
    const wrong = await poll(flow.device_code, other.clientId);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    await answerDeviceRequest(browser, flow.user_code, 'approve');
    expect((await poll(flow.device_code)).status).toBe(200);
  });

  it('an unknown device code is invalid_grant; a missing one invalid_request', async () => {
    expect((await poll('not-a-device-code')).body.error).toBe('invalid_grant');
    const missing = await postForm(`${tessera.issuer}/oauth2/token`, {
      grant_type: DEVICE_CODE_GRANT_TYPE,
      client_id: app.clientId,
    });
    expect(((await missing.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('confidential clients authenticate as at the token endpoint, at both endpoints', async () => {
    const tv = await tessera.createClient({
      name: 'Office TV',
      grantTypes: [DEVICE_CODE_GRANT_TYPE],
      scopes: [],
    });
    const auth = { authorization: basicAuth(tv.clientId, tv.clientSecret) };
    const noSecret = await requestDeviceAuthorization(tessera.issuer, { client_id: tv.clientId });
    expect(noSecret.status).toBe(401);
    expect(noSecret.body.error).toBe('invalid_client');
    const wrongSecret = await requestDeviceAuthorization(
      tessera.issuer,
      {},
      { authorization: basicAuth(tv.clientId, 'wrong') },
    );
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');
    const viaPost = await requestDeviceAuthorization(tessera.issuer, {
      client_id: tv.clientId,
      client_secret: tv.clientSecret,
      scope: 'openid',
    });
    expect(viaPost.status).toBe(200);

    const flow = await startDeviceFlow(tessera.issuer, { scope: 'openid' }, auth);
    await answerDeviceRequest(browser, flow.user_code, 'approve');
    const unauthenticated = await poll(flow.device_code, tv.clientId);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body.error).toBe('invalid_client');
    const tokens = await pollDeviceToken(tessera.issuer, tv.clientId, flow.device_code, auth);
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toEqual(expect.any(String));
  });

  it('an unknown or deleted client is invalid_client', async () => {
    const unknown = await requestDeviceAuthorization(tessera.issuer, { client_id: 'nobody' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');

    const doomed = await createDeviceApp(tessera);
    const flow = await startDeviceFlow(tessera.issuer, { client_id: doomed.clientId });
    await deleteClient(tessera.runtime.stores, doomed.clientId);
    // Running servers notice within the client cache's window.
    clock.advanceSeconds(CLIENT_CACHE_TTL_MS / 1000 + 1);
    const again = await requestDeviceAuthorization(tessera.issuer, { client_id: doomed.clientId });
    expect(again.body.error).toBe('invalid_client');
    const polled = await poll(flow.device_code, doomed.clientId);
    expect(polled.body.error).toBe('invalid_client');
    // Nor can its pending request still be approved.
    const entry = await enterUserCode(browser, flow.user_code);
    expect(pageErrorCodes(entry.body)).toEqual(['invalid_user_code']);
  });

  it('a client registered without the device grant is unauthorized_client at both endpoints', async () => {
    const web = await tessera.createClient({
      name: 'Web',
      grantTypes: ['authorization_code'],
      scopes: [],
      redirectUris: ['https://app.example.com/callback'],
      public: true,
    });
    const started = await requestDeviceAuthorization(tessera.issuer, { client_id: web.clientId });
    expect(started.status).toBe(400);
    expect(started.body.error).toBe('unauthorized_client');
    const flow = await start();
    const polled = await poll(flow.device_code, web.clientId);
    expect(polled.body.error).toBe('unauthorized_client');
  });

  it('checks scope as /authorize does: only OpenID scopes and the client’s own', async () => {
    const refused = await requestDeviceAuthorization(tessera.issuer, {
      client_id: app.clientId,
      scope: 'admin',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_scope');
    const objects = await requestDeviceAuthorization(tessera.issuer, {
      client_id: app.clientId,
      request: 'eyJhbGciOiJub25lIn0.e30.',
    });
    expect(objects.body.error).toBe('request_not_supported');
  });

  it('takes the user code in any case, with or without the dash, and shows what the device asks for', async () => {
    const flow = await start('openid shows:watch');
    const typed = flow.user_code.replace('-', '').toLowerCase();
    const confirmation = await enterUserCode(browser, `  ${typed} `);
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toContain('Living Room TV');
    expect(confirmation.body).toContain(`<code data-user-code>${flow.user_code}</code>`);
    expect(confirmation.body).toContain('<code data-requested-from>127.0.0.1</code>');
    expect(confirmation.body).toContain('Know who you are');
    expect(confirmation.body).toContain('shows:watch');
    const done = await browser.submit(confirmation, { decision: 'approve' });
    expect(done.body).toContain('data-device-outcome="approved"');
    expect((await poll(flow.device_code)).status).toBe(200);
  });

  it('arriving from verification_uri_complete fills the code in; signing in first comes back to it', async () => {
    const flow = await start();
    const fresh = new FormBrowser(tessera.issuer);
    const login = await fresh.follow(flow.verification_uri_complete);
    expect(login.body).toContain('action="/login"');
    const entry = await fresh.submit(login, { email: 'ann@example.com', password: PASSWORD });
    expect(entry.body).toContain(`value="${flow.user_code}"`);
    const confirmation = await fresh.submit(entry, { user_code: flow.user_code });
    expect(confirmation.body).toContain('action="/device/decision"');
  });

  it('approving needs the CSRF token of the page', async () => {
    const flow = await start();
    const confirmation = await enterUserCode(browser, flow.user_code);
    expect(confirmation.status).toBe(200);
    const forged = await browser.request('/device/decision', {
      form: { user_code: flow.user_code, decision: 'approve', csrf_token: 'forged' },
    });
    expect(forged.status).toBe(403);
    expect((await poll(flow.device_code)).body.error).toBe('authorization_pending');
  });

  it('wrong codes get one answer whether or not they exist, and guessing is throttled per network', async () => {
    const guesser = browser;
    const answers: string[][] = [];
    // A well-formed code that does not exist, a malformed one: the same answer.
    for (const guess of ['BCDF-GHJK', 'XXXX', 'BCDF-GHJL'])
      answers.push(pageErrorCodes((await enterUserCode(guesser, guess)).body));
    expect(answers).toEqual([['invalid_user_code'], ['invalid_user_code'], ['invalid_user_code']]);
    let throttled: Awaited<ReturnType<typeof enterUserCode>> | undefined;
    for (let i = 0; i < 30 && !throttled; i++) {
      const page = await enterUserCode(
        guesser,
        `BCDF-${'GHJKLMNPQRST'[i % 12]}${'GHJKLMNPQRST'[Math.floor(i / 12)]}ZZ`,
      );
      if (page.status === 429) throttled = page;
    }
    expect(throttled && pageErrorCodes(throttled.body)).toEqual(['too_many_attempts']);
    expect(Number(throttled?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Even the right code waits out the window from this network.
    const flow = await start();
    expect((await enterUserCode(guesser, flow.user_code)).status).toBe(429);
    clock.advanceSeconds(DEVICE_CODE_NETWORK_LIMIT.windowSeconds);
    const next = await start();
    expect((await enterUserCode(guesser, next.user_code)).status).toBe(200);
  });

  it('one code is tried at most 5 times per 15 minutes, whoever tries it', async () => {
    const flow = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await enterUserCode(browser, flow.user_code)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

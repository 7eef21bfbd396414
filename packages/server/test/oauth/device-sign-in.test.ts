// The /device page's sign-in and organizations: a person with two-factor sign-in passes both steps and comes back to
// the code; `organization=` on the device request is chosen as /authorize chooses it (the person must be a member).
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../src/accounts/mfa/totp-enrolment.js';
import { signOutEverywhere } from '../../src/accounts/sign-out-everywhere.js';
import { createOrganization } from '../../src/authz/rbac/create-organization.js';
import { createRole } from '../../src/authz/rbac/create-role.js';
import { addMember } from '../../src/authz/rbac/memberships.js';
import { epochSeconds } from '../../src/clock.js';
import { authenticatorCode } from '../support/authenticator-app.js';
import {
  answerDeviceRequest,
  createDeviceApp,
  DEVICE_CODE_GRANT_TYPE,
  enterUserCode,
  pollDeviceToken,
  signedInDeviceBrowser,
  startDeviceFlow,
} from '../support/device-flow.js';
import { FormBrowser } from '../support/form-browser.js';
import { pageErrorCodes } from '../support/page-codes.js';
import { createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { TestClock } from '../support/test-clock.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('device flow: sign-in and organizations', () => {
  let tessera: TestServer;
  let clock: TestClock;
  let app: { clientId: string };

  beforeAll(async () => {
    clock = new TestClock(Date.now());
    tessera = await startTestServer({ clock });
    app = await createDeviceApp(tessera);
  });
  afterAll(() => tessera.cleanup());

  const start = (params: Record<string, string> = {}) =>
    startDeviceFlow(tessera.issuer, { client_id: app.clientId, scope: 'openid', ...params });

  it('a person with two-factor sign-in gives the code after the password and lands back on the code', async () => {
    const user = await createTestUser(tessera, 'totp-device@example.com');
    const deps = { stores: tessera.runtime.stores, box: tessera.runtime.secretBox(), clock };
    const justSignedIn = { user, session: { authTime: epochSeconds(clock) } };
    const { secret } = await startTotpEnrolment(deps, { issuerName: 'tessera' }, justSignedIn);
    const code = () => authenticatorCode(secret, clock);
    await confirmTotpEnrolment(deps, justSignedIn, code());
    clock.advanceSeconds(30);

    const flow = await start();
    const browser = new FormBrowser(tessera.issuer);
    const login = await browser.follow(flow.verification_uri_complete);
    const secondFactor = await browser.submit(login, { email: user.email, password: PASSWORD });
    expect(secondFactor.body).toContain('action="/login/second-factor"');
    const entry = await browser.submit(secondFactor, { code: code() });
    expect(entry.body).toContain(`value="${flow.user_code}"`);
    const confirmation = await browser.submit(entry, { user_code: flow.user_code });
    await browser.submit(confirmation, { decision: 'approve' });
    const tokens = await pollDeviceToken(tessera.issuer, app.clientId, flow.device_code);
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.id_token as string)).toMatchObject({
      sub: user.id,
      amr: ['pwd', 'otp', 'mfa'],
    });
  });

  it('organization= gives tokens for it to a member, and is denied for anyone else', async () => {
    const deps = { ...tessera.runtime.stores, clock };
    const member = await createTestUser(tessera, 'member@example.com');
    await createTestUser(tessera, 'outsider@example.com');
    await createRole(deps, { name: 'watcher', permissions: ['shows:watch'] });
    const studio = await createOrganization(deps, 'studio');
    await addMember(deps, { organization: 'studio', member: member.email, roles: ['watcher'] });

    const forMember = await start({ organization: 'studio' });
    const memberBrowser = await signedInDeviceBrowser(tessera, member.email);
    const confirmation = await memberBrowser.submit(await memberBrowser.follow('/device'), {
      user_code: forMember.user_code,
    });
    expect(confirmation.body).toContain('<strong>studio</strong>');
    await memberBrowser.submit(confirmation, { decision: 'approve' });
    const tokens = await pollDeviceToken(tessera.issuer, app.clientId, forMember.device_code);
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.access_token as string)).toMatchObject({
      sub: member.id,
      org_id: studio.id,
      org_name: 'studio',
      roles: ['watcher'],
    });

    const forOutsider = await start({ organization: 'studio' });
    const outsider = await signedInDeviceBrowser(tessera, 'outsider@example.com');
    const refused = await answerDeviceRequest(outsider, forOutsider.user_code, 'approve');
    expect(refused.status).toBe(400);
    expect(pageErrorCodes(refused.body)).toEqual(['access_denied']);
    const polled = await pollDeviceToken(tessera.issuer, app.clientId, forOutsider.device_code);
    expect(polled.body.error).toBe('access_denied');
  });

  it('an application that needs an organization asks a person in several to choose one on the page', async () => {
    const deps = { ...tessera.runtime.stores, clock };
    const person = await createTestUser(tessera, 'two-orgs@example.com');
    await createRole(deps, { name: 'viewer', permissions: ['shows:list'] });
    const north = await createOrganization(deps, 'north');
    await createOrganization(deps, 'south');
    const elsewhere = await createOrganization(deps, 'elsewhere');
    for (const organization of ['north', 'south']) {
      await addMember(deps, { organization, member: person.email, roles: ['viewer'] });
    }
    const tv = await tessera.createClient({
      name: 'Shared TV',
      grantTypes: [DEVICE_CODE_GRANT_TYPE],
      scopes: ['shows:watch'],
      public: true,
      organizations: 'required',
    });
    const browser = await signedInDeviceBrowser(tessera, person.email);
    const startTv = () => startDeviceFlow(tessera.issuer, { client_id: tv.clientId, scope: 'openid' });

    const flow = await startTv();
    const confirmation = await enterUserCode(browser, flow.user_code);
    expect(confirmation.body).toContain('Use it with which organization?');
    // The choice is required for Approve only: Deny submits without one.
    expect(confirmation.body).toMatch(/value="deny"[^>]*formnovalidate/);
    expect(
      [...confirmation.body.matchAll(/name="organization" value="([^"]+)"/g)].map((m) => m[1]).sort(),
    ).toEqual([north.id, (await tessera.runtime.stores.rbac.findOrganizationByName('south'))?.id].sort());
    // Approve without choosing: the page again, asking for it; the request is still pending.
    const unchosen = await browser.submit(confirmation, { decision: 'approve' });
    expect(unchosen.status).toBe(400);
    expect(pageErrorCodes(unchosen.body)).toEqual(['organization_required']);
    const chosen = await browser.submit(unchosen, { decision: 'approve', organization: north.id });
    expect(chosen.status).toBe(200);
    const tokens = await pollDeviceToken(tessera.issuer, tv.clientId, flow.device_code);
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.access_token as string)).toMatchObject({
      sub: person.id,
      org_id: north.id,
      org_name: 'north',
      roles: ['viewer'],
    });

    // An organization the person is not in, posted by hand, is refused as a named one is, and the request denied.
    const forged = await startTv();
    const page = await enterUserCode(browser, forged.user_code);
    const refused = await browser.submit(page, { decision: 'approve', organization: elsewhere.id });
    expect(refused.status).toBe(400);
    expect(pageErrorCodes(refused.body)).toEqual(['access_denied']);
    expect((await pollDeviceToken(tessera.issuer, tv.clientId, forged.device_code)).body.error).toBe(
      'access_denied',
    );

    // An application that does not need one gets no organization, whatever is posted.
    const plain = await start();
    const plainPage = await enterUserCode(browser, plain.user_code);
    expect(plainPage.body).not.toContain('name="organization"');
    await browser.submit(plainPage, { decision: 'approve', organization: north.id });
    const plainTokens = await pollDeviceToken(tessera.issuer, app.clientId, plain.device_code);
    expect(decodeJwt(plainTokens.body.access_token as string).org_id).toBeUndefined();
  });

  it('a device approved by a sign-in that has since ended (signed out everywhere) gets no tokens', async () => {
    const user = await createTestUser(tessera, 'gone@example.com');
    const flow = await start();
    const browser = await signedInDeviceBrowser(tessera, user.email);
    await answerDeviceRequest(browser, flow.user_code, 'approve');
    await signOutEverywhere(tessera.runtime.stores, user.id, epochSeconds(clock));
    const polled = await pollDeviceToken(tessera.issuer, app.clientId, flow.device_code);
    expect(polled.status).toBe(400);
    expect(polled.body.error).toBe('invalid_grant');
  });
});

import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization } from '../../src/authz/rbac/create-organization.js';
import { createRole } from '../../src/authz/rbac/create-role.js';
import { deleteRole } from '../../src/authz/rbac/delete-role.js';
import {
  addClientToOrganization,
  addMember,
  removeClientFromOrganization,
  removeMember,
  setMemberRoles,
} from '../../src/authz/rbac/memberships.js';
import type { Organization } from '../../src/authz/rbac/rbac-store.js';
import { registerClientWithRoles } from '../../src/authz/rbac/register-client-with-roles.js';
import { updateRole } from '../../src/authz/rbac/update-role.js';
import type { Stores } from '../../src/store/stores.js';
import { FormBrowser } from '../support/form-browser.js';
import { APP_REDIRECT_URI, createTestUser, PASSWORD } from '../support/sign-in-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

// Issue 12, item 4 and its acceptance lines: organizations, roles and permissions in tokens, over HTTP.
describe('organization tokens', () => {
  let tessera: TestServer;
  let deps: Stores & { clock: TestServer['runtime']['clock'] };
  let acme: Organization;
  let globex: Organization;
  let initech: Organization;
  let config: oidc.Configuration;

  beforeAll(async () => {
    tessera = await startTestServer();
    deps = { ...tessera.runtime.stores, clock: tessera.runtime.clock };
    await createTestUser(tessera);
    await createTestUser(tessera, 'bob@example.com');
    await createRole(deps, { name: 'admin', permissions: ['users:write', 'posts:read', 'posts:delete'] });
    await createRole(deps, { name: 'viewer', permissions: ['posts:read'] });
    acme = await createOrganization(deps, 'acme');
    globex = await createOrganization(deps, 'globex');
    initech = await createOrganization(deps, 'initech');
    await createRole(deps, { name: 'billing', permissions: ['invoices:read'], organization: 'acme' });
    await addMember(deps, { organization: 'acme', member: 'ann@example.com', roles: ['admin', 'billing'] });
    await addMember(deps, { organization: 'globex', member: 'ann@example.com', roles: ['viewer'] });
    await addMember(deps, { organization: 'initech', member: 'bob@example.com', roles: ['viewer'] });
    config = await discover(await webApp());
  });
  afterAll(() => tessera.cleanup());

  async function webApp(organizations?: 'required') {
    return tessera.createClient({
      name: 'Example App',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: [],
      redirectUris: [APP_REDIRECT_URI],
      firstParty: true,
      organizations,
    });
  }

  function discover(client: { clientId: string; clientSecret: string }) {
    return oidc.discovery(new URL(tessera.issuer), client.clientId, client.clientSecret, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
  }

  /** Signs `email` in through the login form; returns the page the authorization request ends on. */
  async function authorize(
    params: Record<string, string>,
    options: { email?: string; configuration?: oidc.Configuration; browser?: FormBrowser } = {},
  ) {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(options.configuration ?? config, {
      redirect_uri: APP_REDIRECT_URI,
      scope: 'openid offline_access roles',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: 'st',
      ...params,
    });
    const browser = options.browser ?? new FormBrowser(tessera.issuer);
    let page = await browser.follow(url.toString());
    if (page.body.includes('action="/login"'))
      page = await browser.submit(page, { email: options.email ?? 'ann@example.com', password: PASSWORD });
    return { page, browser, codeVerifier };
  }

  /** The code flow to the end, for `organization`: the tokens and their claims. */
  async function signIn(params: Record<string, string>, configuration = config) {
    const { page, codeVerifier } = await authorize(params, { configuration });
    expect(page.location).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);
    const tokens = await oidc.authorizationCodeGrant(configuration, new URL(page.location as string), {
      pkceCodeVerifier: codeVerifier,
      expectedState: 'st',
    });
    return { tokens, access: decodeJwt(tokens.access_token) };
  }

  it('a user in two organizations gets tokens for each, with that organization’s roles and permissions', async () => {
    const forAcme = await signIn({ organization: 'acme' });
    expect(forAcme.access).toMatchObject({
      org_id: acme.id,
      org_name: 'acme',
      roles: ['admin', 'billing'],
      permissions: ['invoices:read', 'posts:delete', 'posts:read', 'users:write'],
    });
    // Introspection tells a resource server the same.
    expect(await oidc.tokenIntrospection(config, forAcme.tokens.access_token)).toMatchObject({
      active: true,
      org_id: acme.id,
      org_name: 'acme',
      roles: ['admin', 'billing'],
    });
    // Scope roles: the ID token says which organization, and the roles there.
    expect(forAcme.tokens.claims()).toMatchObject({ org_id: acme.id, roles: ['admin', 'billing'] });

    const forGlobex = await signIn({ organization: globex.id });
    expect(forGlobex.access).toMatchObject({
      org_id: globex.id,
      org_name: 'globex',
      roles: ['viewer'],
      permissions: ['posts:read'],
    });

    // Without an organization: the global roles, here none.
    const global = await signIn({ scope: 'openid offline_access' });
    expect(global.access).not.toHaveProperty('org_id');
    expect(global.access).not.toHaveProperty('roles');
    expect(global.tokens.claims()).not.toHaveProperty('roles');
  });

  it('introspection tells the organization, roles and permissions only to the token’s client or audience', async () => {
    const { tokens } = await signIn({ organization: 'acme' });
    const introspecting = async (audience: string) =>
      discover(
        await tessera.createClient({
          name: `introspects for ${audience}`,
          grantTypes: ['client_credentials'],
          audience,
        }),
      );
    const orgFields = { org_id: acme.id, org_name: 'acme', roles: ['admin', 'billing'] };
    // The token's own client, and a resource server the token is for (its audience).
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject(orgFields);
    const resourceServer = await introspecting('https://api.example.com');
    expect(await oidc.tokenIntrospection(resourceServer, tokens.access_token)).toMatchObject({
      active: true,
      ...orgFields,
      permissions: ['invoices:read', 'posts:delete', 'posts:read', 'users:write'],
    });
    // Any other client learns the token is active, not who the person is in which organization.
    const bystander = await introspecting('https://billing.example.com');
    const answer = await oidc.tokenIntrospection(bystander, tokens.access_token);
    expect(answer).toMatchObject({ active: true, sub: expect.any(String) });
    for (const field of ['org_id', 'org_name', 'roles', 'permissions'])
      expect(answer).not.toHaveProperty(field);
  });

  it('a non-member asking for an organization is sent back with access_denied', async () => {
    for (const organization of ['acme', 'no-such-org']) {
      const { page } = await authorize({ organization }, { email: 'bob@example.com' });
      const callback = new URL(page.location as string);
      expect(callback.origin + callback.pathname).toBe(APP_REDIRECT_URI);
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('state')).toBe('st');
      expect(callback.searchParams.has('code')).toBe(false);
    }
  });

  it('switches organization with a refresh, for a member only, without costing the token', async () => {
    const { tokens } = await signIn({ organization: 'acme' });
    const switched = await oidc.refreshTokenGrant(config, tokens.refresh_token as string, {
      organization: globex.id,
    });
    expect(decodeJwt(switched.access_token)).toMatchObject({ org_id: globex.id, roles: ['viewer'] });
    await expect(
      oidc.refreshTokenGrant(config, switched.refresh_token as string, { organization: initech.id }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    // The refused switch did not use the token up; without `organization`, the refresh stays in globex.
    const again = await oidc.refreshTokenGrant(config, switched.refresh_token as string);
    expect(decodeJwt(again.access_token)).toMatchObject({ org_id: globex.id, org_name: 'globex' });
  });

  it('a third-party client gets tokens only for an organization the user approved for it', async () => {
    const other = await discover(
      await tessera.createClient({
        name: 'Third Party',
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: [],
        redirectUris: [APP_REDIRECT_URI],
        firstParty: false,
      }),
    );
    const scope = 'openid offline_access';
    const browser = new FormBrowser(tessera.issuer);
    const redeem = (location: string | null, pkceCodeVerifier: string) =>
      oidc.authorizationCodeGrant(other, new URL(location as string), {
        pkceCodeVerifier,
        expectedState: 'st',
      });

    // The consent page names the organization; "Allow" approves the client for acme only.
    const asked = await authorize({ organization: 'acme', scope }, { configuration: other, browser });
    expect(asked.page.status).toBe(200);
    expect(asked.page.body).toContain('the organization <strong>acme</strong>');
    const allowed = await browser.submit(asked.page, { decision: 'allow' });
    const tokens = await redeem(allowed.location, asked.codeVerifier);
    expect(decodeJwt(tokens.access_token)).toMatchObject({ org_id: acme.id });

    // A refresh cannot switch it silently to globex, and the refused switch does not use the token up.
    await expect(
      oidc.refreshTokenGrant(other, tokens.refresh_token as string, { organization: globex.id }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    // Nor can prompt=none: globex was never approved for this client.
    const silent = await authorize(
      { organization: 'globex', scope, prompt: 'none' },
      { configuration: other, browser },
    );
    expect(new URL(silent.page.location as string).searchParams.get('error')).toBe('consent_required');
    const again = await oidc.refreshTokenGrant(other, tokens.refresh_token as string);
    expect(decodeJwt(again.access_token)).toMatchObject({ org_id: acme.id });

    // Acme is approved: asking for it again needs no consent page.
    const quiet = await authorize(
      { organization: 'acme', scope, prompt: 'none' },
      { configuration: other, browser },
    );
    expect(quiet.page.location).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);

    // Once the user approves globex for it on the consent page, the switch by refresh works.
    const forGlobex = await authorize({ organization: 'globex', scope }, { configuration: other, browser });
    expect(forGlobex.page.body).toContain('the organization <strong>globex</strong>');
    await browser.submit(forGlobex.page, { decision: 'allow' });
    const switched = await oidc.refreshTokenGrant(other, again.refresh_token as string, {
      organization: globex.id,
    });
    expect(decodeJwt(switched.access_token)).toMatchObject({ org_id: globex.id, roles: ['viewer'] });
  });

  it('a code issued while a member and redeemed after the removal is refused', async () => {
    await createOrganization(deps, 'hooli');
    await addMember(deps, { organization: 'hooli', member: 'ann@example.com', roles: ['viewer'] });
    const { page, codeVerifier } = await authorize({ organization: 'hooli' });
    expect(page.location).toMatch(/^https:\/\/app\.example\.com\/callback\?code=/);
    await removeMember(deps, { organization: 'hooli', member: 'ann@example.com' });
    await expect(
      oidc.authorizationCodeGrant(config, new URL(page.location as string), {
        pkceCodeVerifier: codeVerifier,
        expectedState: 'st',
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('a role change is visible at the next refresh', async () => {
    const { tokens, access } = await signIn({ organization: 'acme' });
    expect(access.roles).toEqual(['admin', 'billing']);
    await setMemberRoles(deps, { organization: 'acme', member: 'ann@example.com', roles: ['viewer'] });
    await updateRole(deps, { name: 'viewer', addPermissions: ['comments:write'] });
    try {
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
      expect(decodeJwt(refreshed.access_token)).toMatchObject({
        org_id: acme.id,
        roles: ['viewer'],
        permissions: ['comments:write', 'posts:read'],
      });
    } finally {
      await updateRole(deps, { name: 'viewer', removePermissions: ['comments:write'] });
      await setMemberRoles(deps, {
        organization: 'acme',
        member: 'ann@example.com',
        roles: ['admin', 'billing'],
      });
    }
  });

  it('removing the member revokes their refresh tokens for that organization, and only those', async () => {
    await addMember(deps, { organization: 'initech', member: 'ann@example.com', roles: ['viewer'] });
    const forInitech = await signIn({ organization: 'initech' });
    const forGlobex = await signIn({ organization: 'globex' });
    // A grant without a refresh token, and one that was in initech and has switched back to globex since.
    const withoutRefresh = await signIn({ organization: 'initech', scope: 'openid roles' });
    expect(withoutRefresh.tokens.refresh_token).toBeUndefined();
    const switching = await signIn({ organization: 'globex' });
    const wasInInitech = await oidc.refreshTokenGrant(config, switching.tokens.refresh_token as string, {
      organization: initech.id,
    });
    const backInGlobex = await oidc.refreshTokenGrant(config, wasInInitech.refresh_token as string, {
      organization: globex.id,
    });
    await removeMember(deps, { organization: 'initech', member: 'ann@example.com' });
    await expect(
      oidc.refreshTokenGrant(config, forInitech.tokens.refresh_token as string),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    // The revocation itself: every access token of theirs for initech is inactive, whatever grant it came from.
    for (const accessToken of [
      forInitech.tokens.access_token,
      withoutRefresh.tokens.access_token,
      wasInInitech.access_token,
    ]) {
      expect(await oidc.tokenIntrospection(config, accessToken)).toEqual({ active: false });
    }
    expect(await oidc.tokenIntrospection(config, backInGlobex.access_token)).toMatchObject({ active: true });
    expect(await oidc.tokenIntrospection(config, forGlobex.tokens.access_token)).toMatchObject({
      active: true,
    });
    const still = await oidc.refreshTokenGrant(config, forGlobex.tokens.refresh_token as string);
    expect(decodeJwt(still.access_token)).toMatchObject({ org_id: globex.id });
    const stillSwitched = await oidc.refreshTokenGrant(config, backInGlobex.refresh_token as string);
    expect(decodeJwt(stillSwitched.access_token)).toMatchObject({ org_id: globex.id });
    // Nor can a refresh from another organization switch back into it.
    await expect(
      oidc.refreshTokenGrant(config, still.refresh_token as string, { organization: 'initech' }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
  });

  it('roles delete --force ends the grants of members whose only role it was, for that organization', async () => {
    await createOrganization(deps, 'umbrella');
    await createRole(deps, { name: 'temp', permissions: ['posts:read'], organization: 'umbrella' });
    await addMember(deps, { organization: 'umbrella', member: 'ann@example.com', roles: ['temp'] });
    const forUmbrella = await signIn({ organization: 'umbrella' });
    const forAcme = await signIn({ organization: 'acme' });
    expect(await oidc.tokenIntrospection(config, forUmbrella.tokens.access_token)).toMatchObject({
      active: true,
    });
    await deleteRole(deps, { name: 'temp', organization: 'umbrella', force: true });
    await expect(
      oidc.refreshTokenGrant(config, forUmbrella.tokens.refresh_token as string),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await oidc.tokenIntrospection(config, forUmbrella.tokens.access_token)).toEqual({ active: false });
    // Their tokens for another organization are untouched.
    expect(await oidc.tokenIntrospection(config, forAcme.tokens.access_token)).toMatchObject({
      active: true,
    });
    const still = await oidc.refreshTokenGrant(config, forAcme.tokens.refresh_token as string);
    expect(decodeJwt(still.access_token)).toMatchObject({ org_id: acme.id });
  });

  it('a client with organization roles gets them in client-credentials tokens, read at every request', async () => {
    const { client, clientSecret } = await registerClientWithRoles(
      deps,
      {
        name: 'worker',
        grantTypes: ['client_credentials'],
        scopes: ['jobs'],
        audience: 'https://api.example.com',
      },
      ['viewer'],
    );
    await addClientToOrganization(deps, { organization: 'acme', member: client.id, roles: ['billing'] });
    const worker = await discover({ clientId: client.id, clientSecret: clientSecret as string });

    const global = decodeJwt((await oidc.clientCredentialsGrant(worker)).access_token);
    expect(global).toMatchObject({ sub: client.id, roles: ['viewer'], permissions: ['posts:read'] });
    expect(global).not.toHaveProperty('org_id');

    const inAcme = decodeJwt(
      (await oidc.clientCredentialsGrant(worker, { organization: acme.id })).access_token,
    );
    expect(inAcme).toMatchObject({
      org_id: acme.id,
      org_name: 'acme',
      roles: ['billing'],
      permissions: ['invoices:read'],
    });
    await expect(oidc.clientCredentialsGrant(worker, { organization: globex.id })).rejects.toMatchObject({
      error: 'invalid_request',
    });

    await updateRole(deps, { name: 'billing', organization: 'acme', addPermissions: ['invoices:write'] });
    const next = decodeJwt(
      (await oidc.clientCredentialsGrant(worker, { organization: 'acme' })).access_token,
    );
    expect(next.permissions).toEqual(['invoices:read', 'invoices:write']);

    await removeClientFromOrganization(deps, { organization: 'acme', member: client.id });
    await expect(oidc.clientCredentialsGrant(worker, { organization: acme.id })).rejects.toMatchObject({
      error: 'invalid_request',
    });
  });

  it('a client that requires an organization makes a person in several pick one', async () => {
    const picking = await discover(await webApp('required'));
    const { page, browser, codeVerifier } = await authorize({}, { configuration: picking });
    expect(page.status).toBe(200);
    const links = [...page.body.matchAll(/<a href="([^"]+)" data-organization="([^"]+)"/g)];
    expect(links.map(([, , name]) => name)).toEqual(['acme', 'globex']);
    const [, href = ''] = links.find(([, , name]) => name === 'globex') ?? [];
    const chosen = await browser.follow(href.replaceAll('&amp;', '&'));
    const tokens = await oidc.authorizationCodeGrant(picking, new URL(chosen.location as string), {
      pkceCodeVerifier: codeVerifier,
      expectedState: 'st',
    });
    expect(decodeJwt(tokens.access_token)).toMatchObject({ org_id: globex.id, roles: ['viewer'] });

    // Signed in, but prompt=none cannot ask which organization: interaction_required back to the client.
    const silent = await authorize({ prompt: 'none' }, { configuration: picking, browser });
    expect(new URL(silent.page.location as string).searchParams.get('error')).toBe('interaction_required');
  });

  it('discovery lists the roles scope and the organization and role claims', async () => {
    const metadata = config.serverMetadata();
    expect(metadata.scopes_supported).toContain('roles');
    expect(metadata.claims_supported).toEqual(
      expect.arrayContaining(['org_id', 'org_name', 'roles', 'permissions']),
    );
  });
});

// The consent decision and its record, as units: which requests show the consent page, and what an "Allow" keeps.
import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../src/oauth/authorization/checks/check-prompt.js';
import type { Client } from '../../src/oauth/clients/client.js';
import { findClientName } from '../../src/oauth/clients/find-client-name.js';
import type { ConsentStore } from '../../src/oauth/consent-store.js';
import { needsConsent } from '../../src/oauth/consents/needs-consent.js';
import { recordConsent } from '../../src/oauth/consents/record-consent.js';
import { TestClock } from '../support/test-clock.js';

/** A consent store that remembers grants in memory and counts its look-ups. */
function memoryConsents(): Pick<ConsentStore, 'grantedScopes' | 'approvedOrganization' | 'grant'> & {
  lookUps: number;
} {
  const granted = new Map<string, Set<string>>();
  const organizations = new Set<string>();
  return {
    lookUps: 0,
    async grantedScopes(userId, clientId) {
      this.lookUps += 1;
      return [...(granted.get(`${userId} ${clientId}`) ?? [])];
    },
    async approvedOrganization(userId, clientId, organizationId) {
      this.lookUps += 1;
      return organizations.has(`${userId} ${clientId} ${organizationId}`);
    },
    async grant(userId, clientId, scopes, _now, organizationId) {
      const key = `${userId} ${clientId}`;
      granted.set(key, new Set([...(granted.get(key) ?? []), ...scopes]));
      if (organizationId) organizations.add(`${key} ${organizationId}`);
    },
  };
}

const thirdParty = { id: 'app', name: 'The App', firstParty: false } as Client;
const firstParty = { id: 'own', name: 'Our App', firstParty: true } as Client;
const request = (client: Client, scopes: string[], prompt: Prompt[] = []) => ({
  client,
  scopes,
  prompt: new Set(prompt),
  redirectUri: 'https://app.example.com/cb',
  state: 'st',
});

describe('consent', () => {
  const clock = new TestClock();

  it('a third-party client needs consent until every scope it asks for was allowed, then not again', async () => {
    const consents = memoryConsents();
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid', 'email']))).toBe(true);
    await recordConsent({ consents, clock }, 'u1', request(thirdParty, ['openid', 'email']), true);
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid']))).toBe(false);
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid', 'email']))).toBe(false);
    // A new scope asks again; so does another user.
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid', 'profile']))).toBe(true);
    expect(await needsConsent(consents, 'u2', request(thirdParty, ['openid']))).toBe(true);
  });

  it('consent is per organization: an "Allow" approves the one it was for, and another one asks again', async () => {
    const consents = memoryConsents();
    await recordConsent({ consents, clock }, 'u1', request(thirdParty, ['openid']), true, 'O1');
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid']), 'O1')).toBe(false);
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid']), 'O2')).toBe(true);
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid']), null)).toBe(false);
    expect(await needsConsent(consents, 'u2', request(thirdParty, ['openid']), 'O1')).toBe(true);
    // A first-party client needs no approval for any organization.
    expect(await needsConsent(consents, 'u1', request(firstParty, ['openid']), 'O2')).toBe(false);
  });

  it('an allowed scope adds to what was granted before', async () => {
    const consents = memoryConsents();
    await recordConsent({ consents, clock }, 'u1', request(thirdParty, ['openid']), true);
    await recordConsent({ consents, clock }, 'u1', request(thirdParty, ['email']), true);
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid', 'email']))).toBe(false);
  });

  it('a denial is access_denied back to the client, and nothing is remembered', async () => {
    const consents = memoryConsents();
    await expect(
      recordConsent({ consents, clock }, 'u1', request(thirdParty, ['openid']), false),
    ).rejects.toEqual(expect.objectContaining({ code: 'access_denied', state: 'st' }));
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid']))).toBe(true);
  });

  it('prompt=consent always asks, even for what was allowed and for a first-party client', async () => {
    const consents = memoryConsents();
    await recordConsent({ consents, clock }, 'u1', request(thirdParty, ['openid']), true);
    expect(await needsConsent(consents, 'u1', request(thirdParty, ['openid'], ['consent']))).toBe(true);
    expect(await needsConsent(consents, 'u1', request(firstParty, ['openid'], ['consent']))).toBe(true);
  });

  it('a first-party client never needs consent otherwise, and its requests skip the look-up', async () => {
    const consents = memoryConsents();
    expect(await needsConsent(consents, 'u1', request(firstParty, ['openid', 'email']))).toBe(false);
    expect(consents.lookUps).toBe(0);
  });

  it("the sign-in page names the request's app, and no app for an unknown or missing client", async () => {
    const clients = { findById: async (id: string) => (id === 'app' ? thirdParty : undefined) };
    expect(await findClientName(clients, 'app')).toBe('The App');
    expect(await findClientName(clients, 'gone')).toBe('');
    expect(await findClientName(clients, undefined)).toBe('');
  });
});

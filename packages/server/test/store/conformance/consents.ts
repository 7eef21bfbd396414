// ConsentStore conformance (oauth/consent-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

export function describeConsentStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('consents', () => {
    it('remembers granted scopes and adds to them', async () => {
      expect(await stores().consents.grantedScopes('u-1', 'c-1')).toEqual([]);
      await stores().consents.grant('u-1', 'c-1', ['openid', 'profile'], 1);
      await stores().consents.grant('u-1', 'c-1', ['email', 'openid'], 2);
      expect((await stores().consents.grantedScopes('u-1', 'c-1')).sort()).toEqual([
        'email',
        'openid',
        'profile',
      ]);
    });

    it('remembers the organizations approved per user and client', async () => {
      expect(await stores().consents.approvedOrganization('u-1', 'c-1', 'o-1')).toBe(false);
      await stores().consents.grant('u-1', 'c-1', ['openid'], 1, 'o-1');
      await stores().consents.grant('u-1', 'c-1', ['openid'], 2, 'o-1');
      await stores().consents.grant('u-1', 'c-1', ['openid'], 3, null);
      expect(await stores().consents.approvedOrganization('u-1', 'c-1', 'o-1')).toBe(true);
      expect(await stores().consents.approvedOrganization('u-1', 'c-1', 'o-2')).toBe(false);
      expect(await stores().consents.approvedOrganization('u-1', 'c-2', 'o-1')).toBe(false);
      expect(await stores().consents.approvedOrganization('u-2', 'c-1', 'o-1')).toBe(false);
    });

    it('forgets every approval of a deleted organization, and only of it', async () => {
      await stores().consents.grant('u-1', 'c-1', ['openid'], 1, 'o-1');
      await stores().consents.grant('u-2', 'c-2', ['openid'], 1, 'o-1');
      await stores().consents.grant('u-1', 'c-1', ['openid'], 1, 'o-2');
      await stores().consents.forgetOrganization('o-1');
      expect(await stores().consents.approvedOrganization('u-1', 'c-1', 'o-1')).toBe(false);
      expect(await stores().consents.approvedOrganization('u-2', 'c-2', 'o-1')).toBe(false);
      expect(await stores().consents.approvedOrganization('u-1', 'c-1', 'o-2')).toBe(true);
      expect(await stores().consents.grantedScopes('u-1', 'c-1')).toEqual(['openid']);
    });
  });
}

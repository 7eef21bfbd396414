// GrantStore conformance (oauth/grant-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';
import { code, refreshToken } from './fixtures.js';

export function describeGrantStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('grants, codes and refresh tokens', () => {
    const grant = {
      id: 'g-1',
      userId: 'u-1',
      clientId: 'c-1',
      sid: 'sid-1',
      createdAt: 1,
      revokedAt: null,
    };

    it('redeems a code exactly once, even concurrently', async () => {
      await stores().grants.createGrant(grant, code('code-1', 'g-1'));
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => stores().grants.redeemCode('code-1', 5)),
      );
      expect(outcomes.filter((o) => o.outcome === 'redeemed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'replayed')).toHaveLength(5);
      const redeemed = outcomes.find((o) => o.outcome === 'redeemed');
      expect(redeemed?.outcome === 'redeemed' && redeemed.value).toMatchObject({
        ...code('code-1', 'g-1'),
        consumedAt: 5,
      });
      expect(await stores().grants.redeemCode('no-such-code', 5)).toEqual({ outcome: 'unknown' });
    });

    it('redeems a refresh token exactly once, even concurrently', async () => {
      await stores().grants.createGrant(grant, code('code-1', 'g-1'));
      await stores().grants.saveRefreshToken(refreshToken('rt-1', 'g-1'));
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => stores().grants.redeemRefreshToken('rt-1', 5)),
      );
      expect(outcomes.filter((o) => o.outcome === 'redeemed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'replayed')).toHaveLength(5);
    });

    it('revoking a grant revokes its refresh tokens and the access tokens issued under it', async () => {
      await stores().grants.createGrant(grant, code('code-1', 'g-1'));
      await stores().grants.saveRefreshToken(refreshToken('rt-2', 'g-1'));
      await stores().grants.recordAccessToken('at-1', 'g-1', 1_800_000_900);
      await stores().grants.revokeGrant('g-1', 10);
      await stores().grants.revokeGrant('g-1', 11);
      expect((await stores().grants.findGrant('g-1'))?.revokedAt).toBe(10);
      expect(await stores().grants.redeemRefreshToken('rt-2', 12)).toEqual({ outcome: 'unknown' });
      expect(await stores().revokedTokens.isRevoked('at-1')).toBe(true);
    });

    it("revoking all of a user's grants leaves other users' grants alone", async () => {
      const grantOf = (id: string, userId: string) => ({ ...grant, id, userId });
      await stores().grants.createGrant(grantOf('g-u1', 'u-7'), code('code-u1', 'g-u1'));
      await stores().grants.createGrant(grantOf('g-u2', 'u-7'), code('code-u2', 'g-u2'));
      await stores().grants.createGrant(grantOf('g-other', 'u-8'), code('code-other', 'g-other'));
      await stores().grants.saveRefreshToken(refreshToken('rt-u2', 'g-u2'));
      await stores().grants.saveRefreshToken(refreshToken('rt-other', 'g-other'));
      await stores().grants.recordAccessToken('at-u1', 'g-u1', 1_800_000_900);
      await stores().grants.revokeAllForUser('u-7', 20);
      expect((await stores().grants.findGrant('g-u1'))?.revokedAt).toBe(20);
      expect((await stores().grants.findGrant('g-u2'))?.revokedAt).toBe(20);
      expect((await stores().grants.findGrant('g-other'))?.revokedAt).toBeNull();
      expect(await stores().grants.findRefreshToken('rt-u2')).toBeUndefined();
      expect(await stores().grants.findRefreshToken('rt-other')).toBeDefined();
      expect(await stores().revokedTokens.isRevoked('at-u1')).toBe(true);
    });

    it("revoking a user's grants for an organization keeps those whose live refresh token is for another", async () => {
      const grantOf = (id: string, userId: string) => ({ ...grant, id, userId });
      const tokenFor = (hash: string, grantId: string, organizationId: string | null) => ({
        ...refreshToken(hash, grantId),
        organizationId,
      });
      await stores().grants.createGrant(grantOf('g-a', 'u-7'), code('code-a', 'g-a'));
      await stores().grants.createGrant(grantOf('g-b', 'u-7'), code('code-b', 'g-b'));
      await stores().grants.createGrant(grantOf('g-switched', 'u-7'), code('code-s', 'g-switched'));
      await stores().grants.createGrant(grantOf('g-other', 'u-8'), code('code-o', 'g-other'));
      await stores().grants.saveRefreshToken(tokenFor('rt-a', 'g-a', 'org-a'));
      await stores().grants.saveRefreshToken(tokenFor('rt-b', 'g-b', 'org-b'));
      // Switched from org-a to org-b: the rotated token was for org-a, the live one is for org-b.
      await stores().grants.saveRefreshToken(tokenFor('rt-s1', 'g-switched', 'org-a'));
      await stores().grants.redeemRefreshToken('rt-s1', 5);
      await stores().grants.saveRefreshToken(tokenFor('rt-s2', 'g-switched', 'org-b'));
      await stores().grants.saveRefreshToken(tokenFor('rt-o', 'g-other', 'org-a'));
      await stores().grants.recordAccessToken('at-a', 'g-a', 1_800_000_900);
      await stores().grants.revokeForOrganization('org-a', 'u-7', 30);
      expect((await stores().grants.findGrant('g-a'))?.revokedAt).toBe(30);
      expect(await stores().grants.findRefreshToken('rt-a')).toBeUndefined();
      expect(await stores().revokedTokens.isRevoked('at-a')).toBe(true);
      expect((await stores().grants.findGrant('g-b'))?.revokedAt).toBeNull();
      expect((await stores().grants.findGrant('g-switched'))?.revokedAt).toBeNull();
      expect((await stores().grants.findGrant('g-other'))?.revokedAt).toBeNull();
      await stores().grants.revokeForOrganization('org-a', undefined, 31);
      expect((await stores().grants.findGrant('g-other'))?.revokedAt).toBe(31);
      expect(await stores().grants.findRefreshToken('rt-b')).toMatchObject({ organizationId: 'org-b' });
    });

    it("revoking a user's grants for an organization revokes their access tokens for it from any grant", async () => {
      const grantOf = (id: string, userId: string) => ({ ...grant, id, userId });
      await stores().grants.createGrant(grantOf('g-plain', 'u-7'), code('code-p', 'g-plain'));
      await stores().grants.createGrant(grantOf('g-switched', 'u-7'), code('code-s', 'g-switched'));
      await stores().grants.createGrant(grantOf('g-other', 'u-8'), code('code-o', 'g-other'));
      await stores().grants.saveRefreshToken({
        ...refreshToken('rt-s', 'g-switched'),
        organizationId: 'org-b',
      });
      // No refresh token at all; a grant now in org-b with a token still live for org-a; another user's.
      await stores().grants.recordAccessToken('at-plain', 'g-plain', 1_800_000_900, 'org-a');
      await stores().grants.recordAccessToken('at-was-a', 'g-switched', 1_800_000_900, 'org-a');
      await stores().grants.recordAccessToken('at-now-b', 'g-switched', 1_800_000_900, 'org-b');
      await stores().grants.recordAccessToken('at-other', 'g-other', 1_800_000_900, 'org-a');
      await stores().grants.revokeForOrganization('org-a', 'u-7', 30);
      expect(await stores().revokedTokens.isRevoked('at-plain')).toBe(true);
      expect(await stores().revokedTokens.isRevoked('at-was-a')).toBe(true);
      expect(await stores().revokedTokens.isRevoked('at-now-b')).toBe(false);
      expect(await stores().revokedTokens.isRevoked('at-other')).toBe(false);
      expect((await stores().grants.findGrant('g-switched'))?.revokedAt).toBeNull();
      expect(await stores().grants.findRefreshToken('rt-s')).toBeDefined();
    });
  });
}

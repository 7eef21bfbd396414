// SignUpLinkStore conformance (accounts/signup-link-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

export function describeSignUpLinkStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('sign-up links', () => {
    const limit = { max: 3, windowSeconds: 900 };
    const link = (tokenHash: string, email: string, createdAt = 9_000) => ({
      tokenHash,
      email,
      name: 'New Person' as string | undefined,
      createdAt,
      expiresAt: createdAt + 1_800,
      returnTo: undefined as string | undefined,
    });

    it('stores at most the limit of links per email and window, even when asked concurrently', async () => {
      const stored = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          stores().signUpLinks.createWithinLimit(link(`sl-${i}`, 'crowd@example.com'), limit),
        ),
      );
      expect(stored.filter(Boolean)).toHaveLength(3);
      expect(await stores().signUpLinks.createWithinLimit(link('sl-other', 'other@example.com'), limit)).toBe(
        true,
      );
      expect(
        await stores().signUpLinks.createWithinLimit(link('sl-later', 'crowd@example.com', 9_900), limit),
      ).toBe(true);
    });

    it('finds a usable link, without a name too, and not an unknown or expired one', async () => {
      await stores().signUpLinks.createWithinLimit(
        { ...link('sl-find', 'find@example.com'), name: undefined },
        limit,
      );
      expect(await stores().signUpLinks.findUsable('sl-find', 9_100)).toEqual({
        ...link('sl-find', 'find@example.com'),
        name: undefined,
      });
      expect(await stores().signUpLinks.findUsable('sl-find', 10_800)).toBeUndefined();
      expect(await stores().signUpLinks.findUsable('sl-none', 9_100)).toBeUndefined();
    });

    it('keeps the authorization request a link was asked for from, and hands it over on redeeming', async () => {
      const returnTo = `/oauth2/authorize?client_id=app&state=${'s'.repeat(8_000)}`;
      await stores().signUpLinks.createWithinLimit(
        { ...link('sl-back', 'back@example.com'), returnTo },
        limit,
      );
      expect((await stores().signUpLinks.findUsable('sl-back', 9_100))?.returnTo).toBe(returnTo);
      expect((await stores().signUpLinks.redeem('sl-back', 9_200))?.returnTo).toBe(returnTo);
    });

    it('redeems a link once, even concurrently, using up the other links to that email', async () => {
      await stores().signUpLinks.createWithinLimit(link('sl-a', 'once@example.com'), limit);
      await stores().signUpLinks.createWithinLimit(link('sl-b', 'once@example.com'), limit);
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => stores().signUpLinks.redeem('sl-a', 9_200)),
      );
      expect(outcomes.filter((o) => o !== undefined)).toEqual([link('sl-a', 'once@example.com')]);
      expect(await stores().signUpLinks.findUsable('sl-b', 9_200)).toBeUndefined();
      expect(await stores().signUpLinks.redeem('sl-b', 9_200)).toBeUndefined();
    });

    it('refuses an expired link and forgets expired links', async () => {
      await stores().signUpLinks.createWithinLimit(link('sl-late', 'late@example.com', 20_000), limit);
      expect(await stores().signUpLinks.redeem('sl-late', 21_800)).toBeUndefined();
      expect(await stores().signUpLinks.purgeExpired(21_801)).toBeGreaterThanOrEqual(1);
      expect(await stores().signUpLinks.findUsable('sl-late', 20_100)).toBeUndefined();
    });
  });
}

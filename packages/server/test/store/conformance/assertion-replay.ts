// AssertionReplayStore conformance (oauth/client-auth/assertion-replay-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

export function describeAssertionReplayStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('client assertion replay', () => {
    it('accepts a jti once per client', async () => {
      expect(await stores().assertionReplay.remember('c-1', 'a-1', 1_800_000_500)).toBe(true);
      expect(await stores().assertionReplay.remember('c-1', 'a-1', 1_800_000_500)).toBe(false);
      expect(await stores().assertionReplay.remember('c-2', 'a-1', 1_800_000_500)).toBe(true);
    });

    it('lets exactly one of many concurrent uses through', async () => {
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, () => stores().assertionReplay.remember('c-1', 'a-race', 1_800_000_500)),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('forgets expired ids', async () => {
      await stores().assertionReplay.remember('c-1', 'a-old', 1_800_000_100);
      expect(await stores().assertionReplay.purgeExpired(1_800_000_200)).toBeGreaterThanOrEqual(1);
      expect(await stores().assertionReplay.remember('c-1', 'a-old', 1_800_000_900)).toBe(true);
    });
  });
}

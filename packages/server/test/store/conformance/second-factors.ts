// TotpFactorStore and RecoveryCodeStore conformance (accounts/mfa/): run by store-conformance.ts on every backend,
// each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

const T = 1_800_000_000;

export function describeSecondFactorStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('TOTP factors', () => {
    it('stores a pending factor, replaces it while unconfirmed, and never replaces a confirmed one', async () => {
      const factors = stores().totpFactors;
      expect(await factors.findByUser('u-1')).toBeUndefined();
      expect(await factors.savePending('u-1', 'sealed-a', T)).toBe(true);
      expect(await factors.findByUser('u-1')).toEqual({
        userId: 'u-1',
        sealedSecret: 'sealed-a',
        createdAt: T,
        confirmedAt: null,
        lastUsedStep: null,
      });
      expect(await factors.savePending('u-1', 'sealed-b', T + 1)).toBe(true);
      expect((await factors.findByUser('u-1'))?.sealedSecret).toBe('sealed-b');
      expect(await factors.useStep('u-1', 100, T + 2, true)).toBe(true);
      expect(await factors.savePending('u-1', 'sealed-c', T + 3)).toBe(false);
      expect(await factors.findByUser('u-1')).toEqual({
        userId: 'u-1',
        sealedSecret: 'sealed-b',
        createdAt: T + 1,
        confirmedAt: T + 2,
        lastUsedStep: 100,
      });
    });

    it('uses a step only if it is later than the last one, and only in the expected confirmation state', async () => {
      const factors = stores().totpFactors;
      await factors.savePending('u-1', 'sealed', T);
      expect(await factors.useStep('u-1', 100, T, false)).toBe(false); // not confirmed yet
      expect(await factors.useStep('u-1', 100, T, true)).toBe(true);
      expect(await factors.useStep('u-1', 101, T, true)).toBe(false); // confirmed already
      expect(await factors.useStep('u-1', 100, T, false)).toBe(false); // the same step again
      expect(await factors.useStep('u-1', 99, T, false)).toBe(false); // an earlier step
      expect(await factors.useStep('u-1', 101, T, false)).toBe(true);
      expect(await factors.useStep('u-2', 101, T, false)).toBe(false); // no factor
      expect((await factors.findByUser('u-1'))?.lastUsedStep).toBe(101);
    });

    it('of concurrent uses of one step exactly one succeeds', async () => {
      const factors = stores().totpFactors;
      await factors.savePending('u-1', 'sealed', T);
      await factors.useStep('u-1', 100, T, true);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, () => factors.useStep('u-1', 101, T, false)),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it("deletes one account's factor and no one else's", async () => {
      const factors = stores().totpFactors;
      await factors.savePending('u-1', 'sealed-1', T);
      await factors.savePending('u-2', 'sealed-2', T);
      expect(await factors.delete('u-1')).toBe(true);
      expect(await factors.delete('u-1')).toBe(false);
      expect(await factors.findByUser('u-1')).toBeUndefined();
      expect(await factors.findByUser('u-2')).toBeDefined();
    });
  });

  describe('recovery codes', () => {
    it("uses each of an account's codes once, and not another account's", async () => {
      const codes = stores().recoveryCodes;
      await codes.replaceAll('u-1', ['h-1', 'h-2', 'h-3'], T);
      await codes.replaceAll('u-2', ['h-9'], T);
      expect(await codes.countUnused('u-1')).toBe(3);
      expect(await codes.use('u-1', 'h-2', T + 1)).toBe(true);
      expect(await codes.use('u-1', 'h-2', T + 2)).toBe(false);
      expect(await codes.use('u-1', 'h-9', T + 2)).toBe(false);
      expect(await codes.use('u-1', 'h-unknown', T + 2)).toBe(false);
      expect(await codes.countUnused('u-1')).toBe(2);
      expect(await codes.countUnused('u-2')).toBe(1);
    });

    it('a new set ends the old one, used codes included', async () => {
      const codes = stores().recoveryCodes;
      await codes.replaceAll('u-1', ['h-1', 'h-2'], T);
      await codes.use('u-1', 'h-1', T);
      await codes.replaceAll('u-1', ['h-3', 'h-1'], T + 1);
      expect(await codes.countUnused('u-1')).toBe(2);
      expect(await codes.use('u-1', 'h-2', T + 2)).toBe(false);
      expect(await codes.use('u-1', 'h-1', T + 2)).toBe(true);
      await codes.deleteAll('u-1');
      expect(await codes.countUnused('u-1')).toBe(0);
      expect(await codes.use('u-1', 'h-3', T + 3)).toBe(false);
    });

    it('of concurrent uses of one code exactly one succeeds', async () => {
      const codes = stores().recoveryCodes;
      await codes.replaceAll('u-1', ['h-1'], T);
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => codes.use('u-1', 'h-1', T)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });
  });
}

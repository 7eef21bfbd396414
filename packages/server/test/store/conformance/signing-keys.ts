// SigningKeyStore conformance (tokens/signing-key-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';
import { key } from './fixtures.js';

export function describeSigningKeyStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('signing keys', () => {
    const rsSettings = { alg: 'RS256', previousAlg: null, effectiveAt: 1_800_000_000 } as const;
    /** RS256 keys k1 (current) and k2 (next), as a first start leaves them. */
    const initialize = () =>
      stores().signingKeys.initialize(rsSettings, [key('k1', 'current'), key('k2', 'next')]);
    /** Then one rotation at 1_800_000_100: k1 retired, k2 current, k5 next. */
    const initializeAndRotate = async () => {
      await initialize();
      await stores().signingKeys.rotate('k1', key('k5', 'next', 1_800_000_100), 1_800_000_100);
    };

    it('initializes once: a second initialization loses and changes nothing', async () => {
      expect(await stores().signingKeys.settings()).toBeUndefined();
      expect(
        await stores().signingKeys.initialize(rsSettings, [key('k1', 'current'), key('k2', 'next')]),
      ).toBe(true);
      const other = { alg: 'ES256', previousAlg: null, effectiveAt: 1 } as const;
      expect(await stores().signingKeys.initialize(other, [key('k3', 'current'), key('k4', 'next')])).toBe(
        false,
      );
      expect((await stores().signingKeys.list()).map((k) => [k.kid, k.status])).toEqual([
        ['k1', 'current'],
        ['k2', 'next'],
      ]);
      expect(await stores().signingKeys.settings()).toEqual(rsSettings);
    });

    it('rotates atomically: next becomes current, current retires, a new next is stored', async () => {
      await initialize();
      expect(await stores().signingKeys.rotate('k1', key('k5', 'next', 1_800_000_100), 1_800_000_100)).toBe(
        true,
      );
      const byKid = Object.fromEntries((await stores().signingKeys.list()).map((k) => [k.kid, k]));
      expect(byKid.k1).toMatchObject({ status: 'retired', retiredAt: 1_800_000_100 });
      expect(byKid.k2).toMatchObject({ status: 'current', activatedAt: 1_800_000_100 });
      expect(byKid.k5).toMatchObject({ status: 'next', sealedPrivateKey: 'sealed-k5' });
      expect(byKid.k5?.publicJwk).toEqual({ kty: 'RSA', n: 'abc', e: 'AQAB', kid: 'k5' });
    });

    it('refuses a rotation based on a key that is no longer current', async () => {
      await initializeAndRotate();
      expect(await stores().signingKeys.rotate('k1', key('k6', 'next'), 1_800_000_200)).toBe(false);
      expect((await stores().signingKeys.list()).some((k) => k.kid === 'k6')).toBe(false);
    });

    it('lets exactly one of two concurrent rotations win', async () => {
      await initializeAndRotate();
      const outcomes = await Promise.all([
        stores().signingKeys.rotate('k2', key('k7', 'next'), 1_800_000_300),
        stores().signingKeys.rotate('k2', key('k8', 'next'), 1_800_000_300),
      ]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const statuses = (await stores().signingKeys.list()).map((k) => k.status);
      expect(statuses.filter((s) => s === 'current')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'next')).toHaveLength(1);
    });

    it('switches settings only from the expected ones, adding keys and retiring others in one step', async () => {
      await initialize();
      const toEs = { alg: 'ES256', previousAlg: 'RS256', effectiveAt: 1_800_000_600 } as const;
      const esKeys = [
        key('e1', 'current', 1_800_000_250, 'ES256'),
        key('e2', 'next', 1_800_000_250, 'ES256'),
      ];
      const stale = { ...rsSettings, effectiveAt: 5 };
      expect(
        await stores().signingKeys.updateSettings(stale, toEs, { addKeys: esKeys, retireAlgs: [], now: 1 }),
      ).toBe(false);
      expect((await stores().signingKeys.list()).some((k) => k.alg === 'ES256')).toBe(false);
      const change = { addKeys: esKeys, retireAlgs: [], now: 1_800_000_250 };
      expect(await stores().signingKeys.updateSettings(rsSettings, toEs, change)).toBe(true);
      expect(await stores().signingKeys.settings()).toEqual(toEs);
      // One current and one next per algorithm.
      const live = (await stores().signingKeys.list()).filter((k) => k.status !== 'retired');
      expect(live.map((k) => `${k.alg}:${k.status}`).sort()).toEqual([
        'ES256:current',
        'ES256:next',
        'RS256:current',
        'RS256:next',
      ]);
      const toEd = { alg: 'EdDSA', previousAlg: null, effectiveAt: 1_800_000_260 } as const;
      const edKeys = [
        key('d1', 'current', 1_800_000_260, 'EdDSA'),
        key('d2', 'next', 1_800_000_260, 'EdDSA'),
      ];
      const retireEs = { addKeys: edKeys, retireAlgs: ['ES256' as const], now: 1_800_000_260 };
      expect(await stores().signingKeys.updateSettings(toEs, toEd, retireEs)).toBe(true);
      const byKid = Object.fromEntries((await stores().signingKeys.list()).map((k) => [k.kid, k]));
      expect(byKid.e1).toMatchObject({ status: 'retired', retiredAt: 1_800_000_260 });
      expect(byKid.e2).toMatchObject({ status: 'retired', retiredAt: 1_800_000_260 });
      expect(byKid.d1).toMatchObject({ status: 'current' });
      // A second current key of an algorithm is refused, and so the whole change is.
      const duplicate = { addKeys: [key('d3', 'current', 1_800_000_270, 'EdDSA')], retireAlgs: [], now: 1 };
      expect(await stores().signingKeys.updateSettings(toEd, rsSettings, duplicate)).toBe(false);
      expect(await stores().signingKeys.settings()).toEqual(toEd);
    });

    it('deletes only keys retired before the cut-off', async () => {
      await initializeAndRotate();
      expect(await stores().signingKeys.deleteRetiredBefore(1_800_000_150)).toBe(1);
      const kids = (await stores().signingKeys.list()).map((k) => k.kid);
      expect(kids).not.toContain('k1');
      expect(kids).toContain('k2');
    });
  });
}

// DeviceAuthorizationStore conformance (oauth/device/device-authorization-store.ts): run by store-conformance.ts on
// every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { DeviceAuthorization } from '../../../src/oauth/device/device-authorization-store.js';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

export function describeDeviceAuthorizationStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('device authorizations', () => {
    const authorization = (
      code: string,
      overrides: Partial<DeviceAuthorization> = {},
    ): DeviceAuthorization => ({
      deviceCodeHash: `device-${code}`,
      userCodeHash: `user-${code}`,
      clientId: 'tv',
      scope: ['openid', 'offline_access'],
      organization: 'acme',
      createdAt: 10_000,
      requestedFrom: '2001:db8::/64',
      expiresAt: 10_600,
      interval: 5,
      lastPolledAt: null,
      status: 'pending',
      approval: null,
      ...overrides,
    });
    const approval = {
      userId: 'u-1',
      sid: 'sid-1',
      authTime: 9_000,
      amr: ['pwd', 'otp'],
      organizationId: 'org-1',
    };

    it('stores one, found by its device code and by its user code; a taken user code is refused', async () => {
      const store = stores().deviceAuthorizations;
      expect(await store.create(authorization('a'))).toBe(true);
      expect(await store.findByDeviceCode('device-a')).toEqual(authorization('a'));
      expect(await store.findByUserCode('user-a')).toEqual(authorization('a'));
      expect(await store.create(authorization('b', { userCodeHash: 'user-a' }))).toBe(false);
      expect(await store.findByDeviceCode('device-b')).toBeUndefined();
      expect(await store.findByUserCode('user-none')).toBeUndefined();
    });

    it('a poll is on time first and after the interval; too soon raises the interval, which is kept', async () => {
      const store = stores().deviceAuthorizations;
      await store.create(authorization('p'));
      expect(await store.recordPoll('device-p', 10_010, 5)).toEqual({ pace: 'on_time' });
      expect(await store.recordPoll('device-p', 10_012, 5)).toEqual({ pace: 'too_soon', interval: 10 });
      expect(await store.recordPoll('device-p', 10_022, 5)).toEqual({ pace: 'on_time' });
      expect(await store.recordPoll('device-p', 10_032, 5)).toEqual({ pace: 'on_time' });
      expect(await store.findByDeviceCode('device-p')).toMatchObject({ interval: 10, lastPolledAt: 10_032 });
    });

    it('of concurrent polls at most one is on time', async () => {
      const store = stores().deviceAuthorizations;
      await store.create(authorization('c', { lastPolledAt: 10_000 }));
      const paces = await Promise.all(
        Array.from({ length: 5 }, () => store.recordPoll('device-c', 10_005, 5)),
      );
      expect(paces.filter((p) => p.pace === 'on_time')).toHaveLength(1);
    });

    it('decides a pending, unexpired authorization once; approval is kept, then redeemed exactly once', async () => {
      const store = stores().deviceAuthorizations;
      await store.create(authorization('d'));
      const decisions = await Promise.all([
        store.decide('device-d', { status: 'approved', approval }, 10_100),
        store.decide('device-d', { status: 'denied' }, 10_100),
      ]);
      expect(decisions.filter(Boolean)).toHaveLength(1);
      const decided = await store.findByDeviceCode('device-d');
      if (decided?.status === 'approved') expect(decided.approval).toEqual(approval);
      else expect(decided).toMatchObject({ status: 'denied', approval: null });

      await store.create(authorization('r'));
      expect(await store.redeem('device-r')).toBe(false);
      await store.decide('device-r', { status: 'approved', approval }, 10_100);
      const redeemed = await Promise.all(Array.from({ length: 5 }, () => store.redeem('device-r')));
      expect(redeemed.filter(Boolean)).toHaveLength(1);
      expect(await store.findByDeviceCode('device-r')).toMatchObject({ status: 'redeemed', approval });
    });

    it('does not decide an expired authorization', async () => {
      const store = stores().deviceAuthorizations;
      await store.create(authorization('e'));
      expect(await store.decide('device-e', { status: 'approved', approval }, 10_600)).toBe(false);
      expect(await store.findByDeviceCode('device-e')).toMatchObject({ status: 'pending', approval: null });
    });
  });
}

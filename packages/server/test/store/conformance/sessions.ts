// SessionStore conformance (accounts/session-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';
import { sessionOf } from './fixtures.js';

export function describeSessionStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('sessions', () => {
    it('creates, finds, touches and ends a session', async () => {
      const session = {
        idHash: 'h-1',
        sid: 'sid-1',
        userId: 'u-1',
        authTime: 1_800_000_000,
        amr: ['pwd'],
        createdAt: 1_800_000_000,
        lastSeenAt: 1_800_000_000,
        expiresAt: 1_800_086_400,
        credentialsVersion: 3,
      };
      await stores().sessions.create(session);
      expect(await stores().sessions.findByIdHash('h-1')).toEqual(session);
      expect(await stores().sessions.findBySid('sid-1')).toEqual(session);
      expect(await stores().sessions.findBySid('sid-none')).toBeUndefined();
      await stores().sessions.touch('h-1', 1_800_000_500);
      expect((await stores().sessions.findByIdHash('h-1'))?.lastSeenAt).toBe(1_800_000_500);
      expect(await stores().sessions.end('h-1')).toBe(true);
      expect(await stores().sessions.end('h-1')).toBe(false);
      expect(await stores().sessions.findByIdHash('h-1')).toBeUndefined();
    });

    it("ends every session of one user and no one else's", async () => {
      await stores().sessions.create(sessionOf('h-a1', 'u-a'));
      await stores().sessions.create(sessionOf('h-a2', 'u-a'));
      await stores().sessions.create(sessionOf('h-b1', 'u-b'));
      expect(await stores().sessions.endAllForUser('u-a')).toBe(2);
      expect(await stores().sessions.findByIdHash('h-a2')).toBeUndefined();
      expect(await stores().sessions.findByIdHash('h-b1')).toBeDefined();
    });
  });
}

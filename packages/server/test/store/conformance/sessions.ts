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
        secondFactorAt: null,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
        ipAddress: '203.0.113.7',
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

    it('lists one user’s sessions, most recently seen first, with their browser and network', async () => {
      await stores().sessions.create({
        ...sessionOf('h-a1', 'u-a'),
        lastSeenAt: 10,
        userAgent: 'A',
        ipAddress: '::1',
      });
      await stores().sessions.create({ ...sessionOf('h-a2', 'u-a'), lastSeenAt: 20 });
      await stores().sessions.create(sessionOf('h-b1', 'u-b'));
      const listed = await stores().sessions.listForUser('u-a');
      expect(listed.map((session) => session.idHash)).toEqual(['h-a2', 'h-a1']);
      expect(listed[1]).toMatchObject({ userAgent: 'A', ipAddress: '::1' });
      expect(await stores().sessions.listForUser('u-none')).toEqual([]);
    });

    it('records a step-up: the new methods and the second factor’s time, the sign-in time kept', async () => {
      await stores().sessions.create({ ...sessionOf('h-1', 'u-1'), authTime: 100 });
      expect(await stores().sessions.recordSecondFactor('h-1', ['pwd', 'otp', 'mfa'], 400)).toBe(true);
      expect(await stores().sessions.findByIdHash('h-1')).toMatchObject({
        authTime: 100,
        amr: ['pwd', 'otp', 'mfa'],
        secondFactorAt: 400,
      });
      expect(await stores().sessions.recordSecondFactor('h-none', ['pwd'], 400)).toBe(false);
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

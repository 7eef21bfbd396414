// PasskeyStore and PasskeyChallengeStore conformance (accounts/mfa/passkey-store.ts): run by store-conformance.ts on
// every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import type { Passkey } from '../../../src/accounts/mfa/passkey-store.js';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';

const T = 1_800_000_000;

const passkey = (overrides: Partial<Passkey> = {}): Passkey => ({
  id: 'cred-1',
  userId: 'u-1',
  name: 'Laptop',
  publicKey: 'pQECAyYgASFYIA',
  counter: 0,
  transports: ['internal', 'hybrid'],
  deviceType: 'multiDevice',
  backedUp: true,
  createdAt: T,
  lastUsedAt: null,
  ...overrides,
});

export function describePasskeyStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('passkeys', () => {
    it('stores a passkey once by credential id, for whichever account, and lists an account’s oldest first', async () => {
      const passkeys = stores().passkeys;
      expect(await passkeys.add(passkey())).toBe(true);
      expect(await passkeys.add(passkey({ userId: 'u-2', name: 'Taken' }))).toBe(false);
      expect(
        await passkeys.add(passkey({ id: 'cred-2', createdAt: T - 1, deviceType: 'singleDevice' })),
      ).toBe(true);
      expect(await passkeys.findById('cred-1')).toEqual(passkey());
      expect((await passkeys.listByUser('u-1')).map((p) => p.id)).toEqual(['cred-2', 'cred-1']);
      expect(await passkeys.countByUser('u-1')).toBe(2);
      expect(await passkeys.listByUser('u-2')).toEqual([]);
      expect(await passkeys.findById('unknown')).toBeUndefined();
    });

    it('records a use only when the counter goes up, or stays 0 for authenticators that do not count', async () => {
      const passkeys = stores().passkeys;
      await passkeys.add(passkey({ id: 'counting' }));
      await passkeys.add(passkey({ id: 'not-counting' }));
      expect(await passkeys.recordUse('counting', 'u-1', 5, false, T + 1)).toBe(true);
      expect(await passkeys.recordUse('counting', 'u-1', 5, false, T + 2)).toBe(false);
      expect(await passkeys.recordUse('counting', 'u-1', 4, false, T + 2)).toBe(false);
      expect(await passkeys.recordUse('counting', 'u-2', 9, false, T + 2)).toBe(false); // another account's
      expect(await passkeys.findById('counting')).toMatchObject({
        counter: 5,
        backedUp: false,
        lastUsedAt: T + 1,
      });
      expect(await passkeys.recordUse('not-counting', 'u-1', 0, true, T + 3)).toBe(true);
      expect(await passkeys.recordUse('not-counting', 'u-1', 0, true, T + 4)).toBe(true);
      expect(await passkeys.findById('not-counting')).toMatchObject({ counter: 0, lastUsedAt: T + 4 });
      // Once an authenticator has counted, 0 is a counter going back.
      expect(await passkeys.recordUse('counting', 'u-1', 0, false, T + 5)).toBe(false);
    });

    it('renames and removes only the account’s own passkey', async () => {
      const passkeys = stores().passkeys;
      await passkeys.add(passkey());
      expect(await passkeys.rename('cred-1', 'u-2', 'Mine')).toBe(false);
      expect(await passkeys.remove('cred-1', 'u-2')).toBe(false);
      expect(await passkeys.rename('cred-1', 'u-1', 'Phone')).toBe(true);
      expect((await passkeys.findById('cred-1'))?.name).toBe('Phone');
      expect(await passkeys.remove('cred-1', 'u-1')).toBe(true);
      expect(await passkeys.remove('cred-1', 'u-1')).toBe(false);
      expect(await passkeys.countByUser('u-1')).toBe(0);
    });
  });

  describe('passkey challenges', () => {
    const challenge = {
      challengeHash: 'h-1',
      ceremony: 'sign_in',
      userId: null,
      binding: 'b',
      expiresAt: T + 300,
    } as const;

    it('takes a challenge once, and not after it expired', async () => {
      const challenges = stores().passkeyChallenges;
      await challenges.save(challenge);
      await challenges.save({ ...challenge, challengeHash: 'h-2', ceremony: 'register', userId: 'u-1' });
      expect(await challenges.take('h-1', T)).toEqual(challenge);
      expect(await challenges.take('h-1', T)).toBeUndefined();
      expect(await challenges.take('h-2', T + 300)).toBeUndefined();
      expect(await challenges.take('unknown', T)).toBeUndefined();
    });

    it('of concurrent takes of one challenge, exactly one gets it', async () => {
      const challenges = stores().passkeyChallenges;
      await challenges.save(challenge);
      const taken = await Promise.all(Array.from({ length: 8 }, () => challenges.take('h-1', T)));
      expect(taken.filter((c) => c !== undefined)).toHaveLength(1);
    });

    it('purges expired challenges and keeps live ones', async () => {
      const challenges = stores().passkeyChallenges;
      await challenges.save(challenge);
      await challenges.save({ ...challenge, challengeHash: 'h-2', expiresAt: T + 600 });
      await challenges.purge(T + 300);
      expect(await challenges.take('h-1', T)).toBeUndefined();
      expect(await challenges.take('h-2', T)).toBeDefined();
    });
  });
}

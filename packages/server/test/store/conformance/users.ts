// UserStore conformance (accounts/user.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import { UserExistsError } from '../../../src/accounts/user.js';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';
import { user } from './fixtures.js';

export function describeUserStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('users', () => {
    it('stores a user and finds it by id and by email in any case', async () => {
      await stores().users.create(user('u-1', 'Ann@Example.com'));
      expect(await stores().users.findById('u-1')).toEqual(user('u-1', 'Ann@Example.com'));
      expect((await stores().users.findByEmail('ann@example.COM'))?.id).toBe('u-1');
      expect(await stores().users.findByEmail('nobody@example.com')).toBeUndefined();
    });

    it('refuses a second account with the same email in another case', async () => {
      await stores().users.create(user('u-1', 'Ann@Example.com'));
      await expect(stores().users.create(user('u-2', 'ANN@example.com'))).rejects.toBeInstanceOf(
        UserExistsError,
      );
    });

    it('rehashes only over the hash it read, so a racing password change wins', async () => {
      await stores().users.create(user('u-1', 'Ann@Example.com'));
      const stored = await stores().users.findById('u-1');
      expect(
        await stores().users.rehashPassword('u-1', stored?.passwordHash ?? '', '$argon2id$stronger', 50),
      ).toBe(true);
      expect(
        await stores().users.rehashPassword('u-1', stored?.passwordHash ?? '', '$argon2id$stale', 60),
      ).toBe(false);
      expect(await stores().users.findById('u-1')).toMatchObject({
        passwordHash: '$argon2id$stronger',
        credentialsVersion: 0,
      });
    });

    it('setting a password and disabling an account each raise the credentials version', async () => {
      await stores().users.create(user('u-1', 'Ann@Example.com'));
      expect(await stores().users.setPassword('u-1', '$argon2id$new', 1_800_000_100)).toBe(true);
      expect(await stores().users.setPassword('u-none', '$argon2id$new', 1_800_000_100)).toBe(false);
      expect(await stores().users.disable('u-1', 1_800_000_200)).toBe(true);
      expect(await stores().users.disable('u-none', 1_800_000_200)).toBe(false);
      expect(await stores().users.findById('u-1')).toMatchObject({
        passwordHash: '$argon2id$new',
        disabledAt: 1_800_000_200,
        updatedAt: 1_800_000_200,
        credentialsVersion: 2,
      });
      // A password is not a claim: the profile's update time (OIDC updated_at) stays.
      expect((await stores().users.findById('u-1'))?.profileUpdatedAt).toBe(1_800_000_000);
    });

    it('updates only the profile fields given, clears those set to null, and records when', async () => {
      await stores().users.create(user('u-profile', 'profile@example.com'));
      expect(
        await stores().users.updateProfile(
          'u-profile',
          { givenName: 'Annie', picture: 'https://example.com/a.png', locale: null },
          1_800_000_300,
        ),
      ).toBe(true);
      expect(await stores().users.updateProfile('u-none', { name: 'x' }, 1_800_000_300)).toBe(false);
      expect(await stores().users.findById('u-profile')).toEqual({
        ...user('u-profile', 'profile@example.com'),
        givenName: 'Annie',
        picture: 'https://example.com/a.png',
        locale: null,
        updatedAt: 1_800_000_300,
        profileUpdatedAt: 1_800_000_300,
      });
    });
  });
}

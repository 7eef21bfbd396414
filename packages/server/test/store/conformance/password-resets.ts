// PasswordResetStore conformance (accounts/password-reset-store.ts): run by store-conformance.ts on every backend, each test on a fresh store.
import { describe, expect } from 'vitest';
import { redeemPasswordReset } from '../../../src/accounts/redeem-password-reset.js';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';
import { code, grantFor, refreshToken, sessionOf, user } from './fixtures.js';

export function describePasswordResetStoreConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('password resets', () => {
    const limit = { max: 3, windowSeconds: 900 };
    const reset = (tokenHash: string, userId: string, createdAt = 9_000, credentialsVersion = 0) => ({
      tokenHash,
      userId,
      createdAt,
      expiresAt: createdAt + 1_800,
      credentialsVersion,
      returnTo: undefined as string | undefined,
    });

    it('stores at most the limit of links per user and window, even when asked concurrently', async () => {
      const stored = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          stores().passwordResets.createWithinLimit(reset(`pr-${i}`, 'u-r'), limit),
        ),
      );
      expect(stored.filter(Boolean)).toHaveLength(3);
      // Another user has a limit of their own; the next window starts afresh.
      expect(await stores().passwordResets.createWithinLimit(reset('pr-s', 'u-s'), limit)).toBe(true);
      expect(await stores().passwordResets.createWithinLimit(reset('pr-next', 'u-r', 9_900), limit)).toBe(
        true,
      );
    });

    it('finds a usable link, and not an unknown or expired one', async () => {
      await stores().users.create(user('u-f', 'find@example.com'));
      await stores().passwordResets.createWithinLimit(reset('pr-find', 'u-f'), limit);
      expect(await stores().passwordResets.findUsable('pr-find', 9_100)).toEqual(reset('pr-find', 'u-f'));
      expect(await stores().passwordResets.findUsable('pr-find', 10_800)).toBeUndefined();
      expect(await stores().passwordResets.findUsable('pr-none', 9_100)).toBeUndefined();
    });

    it('keeps the authorization request a link was asked for from, long ones too', async () => {
      await stores().users.create(user('u-back', 'back@example.com'));
      const returnTo = `/oauth2/authorize?client_id=app&state=${'s'.repeat(8_000)}`;
      await stores().passwordResets.createWithinLimit({ ...reset('pr-back', 'u-back'), returnTo }, limit);
      expect((await stores().passwordResets.findUsable('pr-back', 9_100))?.returnTo).toBe(returnTo);
    });

    it('redeems a link once, even concurrently: new password, email verified, signed out everywhere', async () => {
      await stores().users.create(user('u-reset', 'reset@example.com'));
      await stores().sessions.create(sessionOf('h-reset', 'u-reset'));
      await stores().grants.createGrant({ ...grantFor('g-reset', 'u-reset') }, code('code-reset', 'g-reset'));
      await stores().grants.saveRefreshToken(refreshToken('rt-reset', 'g-reset'));
      await stores().grants.recordAccessToken('at-reset', 'g-reset', 1_800_000_900);
      await stores().passwordResets.createWithinLimit(reset('pr-a', 'u-reset'), limit);
      await stores().passwordResets.createWithinLimit(reset('pr-b', 'u-reset'), limit);

      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => redeemPasswordReset(stores(), 'pr-a', '$argon2id$reset', 9_200)),
      );
      expect(outcomes.filter((o) => o === 'u-reset')).toHaveLength(1);
      expect(outcomes.filter((o) => o === undefined)).toHaveLength(5);
      expect(await stores().users.findById('u-reset')).toMatchObject({
        passwordHash: '$argon2id$reset',
        emailVerified: true,
        updatedAt: 9_200,
        // email_verified changed, and it is a claim.
        profileUpdatedAt: 9_200,
        credentialsVersion: 1,
      });
      expect(await stores().sessions.findByIdHash('h-reset')).toBeUndefined();
      expect((await stores().grants.findGrant('g-reset'))?.revokedAt).toBe(9_200);
      expect(await stores().grants.findRefreshToken('rt-reset')).toBeUndefined();
      expect(await stores().revokedTokens.isRevoked('at-reset')).toBe(true);
      // The user's other link is used up with it.
      expect(await stores().passwordResets.findUsable('pr-b', 9_200)).toBeUndefined();
    });

    it('ends every link sent before a password change or disabling; redeeming one changes nothing', async () => {
      await stores().users.create(user('u-changed', 'changed@example.com'));
      await stores().passwordResets.createWithinLimit(reset('pr-before', 'u-changed'), limit);
      expect(await stores().passwordResets.findUsable('pr-before', 9_100)).toBeDefined();
      // The CLI sets a password: the link sent before no longer works, and redeeming it changes nothing.
      await stores().users.setPassword('u-changed', '$argon2id$admin', 9_100);
      expect(await stores().passwordResets.findUsable('pr-before', 9_200)).toBeUndefined();
      expect(await redeemPasswordReset(stores(), 'pr-before', '$argon2id$attacker', 9_200)).toBeUndefined();
      expect(await stores().users.findById('u-changed')).toMatchObject({
        passwordHash: '$argon2id$admin',
        credentialsVersion: 1,
      });
      // A link sent after the change works; disabling the account ends it.
      await stores().passwordResets.createWithinLimit(reset('pr-after', 'u-changed', 9_300, 1), limit);
      expect(await stores().passwordResets.findUsable('pr-after', 9_400)).toBeDefined();
      await stores().users.disable('u-changed', 9_400);
      expect(await stores().passwordResets.findUsable('pr-after', 9_500)).toBeUndefined();
      expect(await redeemPasswordReset(stores(), 'pr-after', '$argon2id$attacker', 9_500)).toBeUndefined();
      expect((await stores().users.findById('u-changed'))?.passwordHash).toBe('$argon2id$admin');
    });

    it('refuses an expired link, changing nothing, and forgets expired links', async () => {
      await stores().passwordResets.createWithinLimit(reset('pr-late', 'u-late', 20_000), limit);
      expect(await redeemPasswordReset(stores(), 'pr-late', '$argon2id$late', 21_800)).toBeUndefined();
      expect(await stores().passwordResets.purgeExpired(21_801)).toBeGreaterThanOrEqual(1);
      expect(await stores().passwordResets.createWithinLimit(reset('pr-late', 'u-late', 21_801), limit)).toBe(
        true,
      );
    });
  });
}

// The unit of work (unit-of-work.ts, Stores.transaction): run by store-conformance.ts on every backend, each test on a
// fresh store. Commits every store's writes together, keeps none when the work fails, and nests by joining.
import { describe, expect } from 'vitest';
import type { Stores } from '../../../src/store/stores.js';
import type { ConformanceIt } from './exceptions.js';
import { code, grantFor, sessionOf, user } from './fixtures.js';

export function describeUnitOfWorkConformance(stores: () => Stores, it: ConformanceIt): void {
  describe('unit of work', () => {
    it('commits the writes of every store in it together', async () => {
      await stores().users.create(user('u-uow', 'unit@example.com'));
      await stores().sessions.create(sessionOf('h-uow', 'u-uow'));
      const result = await stores().transaction(async (unit) => {
        await unit.users.disable('u-uow', 9_000);
        await unit.sessions.endAllForUser('u-uow');
        return 'done';
      });
      expect(result).toBe('done');
      expect((await stores().users.findById('u-uow'))?.disabledAt).toBe(9_000);
      expect(await stores().sessions.findByIdHash('h-uow')).toBeUndefined();
    });

    it('keeps none of its writes when the work fails, and passes the failure on', async () => {
      await stores().users.create(user('u-rollback', 'rollback@example.com'));
      await stores().sessions.create(sessionOf('h-rollback', 'u-rollback'));
      await stores().grants.createGrant(
        grantFor('g-rollback', 'u-rollback'),
        code('code-rollback', 'g-rollback'),
      );
      const failure = new Error('the work failed');
      await expect(
        stores().transaction(async (unit) => {
          await unit.users.setPassword('u-rollback', '$argon2id$never', 9_000);
          await unit.sessions.endAllForUser('u-rollback');
          // A store write that is a transaction of its own joins this one, and rolls back with it.
          await unit.grants.revokeAllForUser('u-rollback', 9_000);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await stores().users.findById('u-rollback')).toMatchObject({
        passwordHash: user('u-rollback', 'rollback@example.com').passwordHash,
        credentialsVersion: 0,
      });
      expect(await stores().sessions.findByIdHash('h-rollback')).toBeDefined();
      expect((await stores().grants.findGrant('g-rollback'))?.revokedAt).toBeNull();
    });

    it('a unit of work started inside another joins it and rolls back with it', async () => {
      await stores().users.create(user('u-nested', 'nested@example.com'));
      await expect(
        stores().transaction(async (outer) => {
          await outer.transaction((inner) => inner.users.disable('u-nested', 9_000));
          throw new Error('the outer work failed');
        }),
      ).rejects.toThrow('the outer work failed');
      expect((await stores().users.findById('u-nested'))?.disabledAt).toBeNull();
    });
  });
}

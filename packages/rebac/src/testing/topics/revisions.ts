// Conformance: revisions as consistency tokens.
import { expect } from 'vitest';
import { isRebacError } from '../../errors.js';
import type { ConformanceTopic } from '../conformance-case.js';
import { key, written } from '../tuple-fixtures.js';

export const revisions: ConformanceTopic = {
  topic: 'revisions',
  cases: [
    {
      name: 'every write returns a revision greater than the one before, and currentRevision reports it',
      async run(store) {
        const start = await store.currentRevision();
        const first = await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const second = await written(store, [key('document:2', 'viewer', 'user:anne')]);
        expect(first).toBeGreaterThan(start);
        expect(second).toBeGreaterThan(first);
        expect(await store.currentRevision()).toBe(second);
      },
    },
    {
      name: 'a read at the revision a write returned sees that write (the new enemy problem)',
      async run(store) {
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const revision = await written(store, [], [key('document:1', 'viewer', 'user:anne')]);
        expect(
          await store.readTuple(key('document:1', 'viewer', 'user:anne'), { minRevision: revision }),
        ).toBeUndefined();
      },
    },
    {
      name: 'a read demanding a revision the store has not reached is refused, not answered from older data',
      async run(store) {
        const revision = await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const refusal = await store
          .readByObjectRelation('document:1', 'viewer', undefined, { minRevision: revision + 1000 })
          .catch((error) => error);
        expect(isRebacError(refusal) && refusal.code).toBe(2000);
      },
    },
  ],
};

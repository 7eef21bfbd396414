// Conformance: atomic writes, duplicates and missing deletes under `error` and `ignore`.
import { expect } from 'vitest';
import type { ConformanceTopic } from '../conformance-case.js';
import { key, sortedUsers, written } from '../tuple-fixtures.js';

export const writes: ConformanceTopic = {
  topic: 'writes',
  cases: [
    {
      name: 'a duplicate write under on_duplicate error applies nothing of the request',
      async run(store) {
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const outcome = await store.write({
          writes: [key('document:2', 'viewer', 'user:bob'), key('document:1', 'viewer', 'user:anne')],
          deletes: [],
        });
        expect(outcome).toEqual({ outcome: 'duplicate', tuple: key('document:1', 'viewer', 'user:anne') });
        expect(await store.readTuple(key('document:2', 'viewer', 'user:bob'))).toBeUndefined();
      },
    },
    {
      name: 'a duplicate write under on_duplicate ignore is skipped and the rest applies',
      async run(store) {
        await written(store, [{ ...key('document:1', 'viewer', 'user:anne'), condition: { name: 'c1' } }]);
        const outcome = await store.write({
          writes: [key('document:1', 'viewer', 'user:anne'), key('document:2', 'viewer', 'user:bob')],
          deletes: [],
          onDuplicate: 'ignore',
        });
        expect(outcome.outcome).toBe('written');
        expect(await store.readTuple(key('document:2', 'viewer', 'user:bob'))).toBeDefined();
        expect((await store.readTuple(key('document:1', 'viewer', 'user:anne')))?.condition?.name).toBe('c1');
      },
    },
    {
      name: 'a missing delete under on_missing error applies nothing of the request',
      async run(store) {
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const outcome = await store.write({
          writes: [key('document:2', 'viewer', 'user:bob')],
          deletes: [key('document:1', 'viewer', 'user:anne'), key('document:9', 'viewer', 'user:anne')],
        });
        expect(outcome).toEqual({ outcome: 'missing', tuple: key('document:9', 'viewer', 'user:anne') });
        expect(await store.readTuple(key('document:1', 'viewer', 'user:anne'))).toBeDefined();
        expect(await store.readTuple(key('document:2', 'viewer', 'user:bob'))).toBeUndefined();
      },
    },
    {
      name: 'a missing delete under on_missing ignore is skipped and the rest applies',
      async run(store) {
        const outcome = await store.write({
          writes: [key('document:2', 'viewer', 'user:bob')],
          deletes: [key('document:9', 'viewer', 'user:anne')],
          onMissing: 'ignore',
        });
        expect(outcome.outcome).toBe('written');
        expect(await store.readTuple(key('document:2', 'viewer', 'user:bob'))).toBeDefined();
      },
    },
    {
      name: 'deletes and writes of one request apply together',
      async run(store) {
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        await written(
          store,
          [key('document:1', 'viewer', 'user:bob')],
          [key('document:1', 'viewer', 'user:anne')],
        );
        expect(sortedUsers(await store.readByObjectRelation('document:1', 'viewer'))).toEqual(['user:bob']);
      },
    },
    {
      name: 'concurrent writes of the same tuple: exactly one succeeds',
      async run(store) {
        const outcomes = await Promise.all(
          Array.from({ length: 5 }, () =>
            store.write({ writes: [key('document:1', 'viewer', 'user:anne')], deletes: [] }),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.outcome === 'written')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome.outcome === 'duplicate')).toHaveLength(4);
      },
    },
  ],
};

// Conformance: reads by user, relation and object type (what ListObjects walks).
import { expect } from 'vitest';
import { hasSyncReverseReads } from '../../tuples/tuple-store.js';
import type { ConformanceTopic } from '../conformance-case.js';
import { key, written } from '../tuple-fixtures.js';

export const reverseReads: ConformanceTopic = {
  topic: 'reverse reads',
  cases: [
    {
      name: 'readByUser returns the objects of one type the user has the relation on',
      async run(store) {
        await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:2', 'viewer', 'user:anne'),
          key('folder:1', 'viewer', 'user:anne'),
          key('document:3', 'editor', 'user:anne'),
          key('document:4', 'viewer', 'user:bob'),
        ]);
        const objects = (await store.readByUser('user:anne', 'viewer', 'document'))
          .map((t) => t.object)
          .sort();
        expect(objects).toEqual(['document:1', 'document:2']);
      },
    },
    {
      name: 'readByUser matches wildcards and usersets literally',
      async run(store) {
        await written(store, [
          key('document:1', 'viewer', 'user:*'),
          key('document:2', 'viewer', 'group:eng#member'),
          key('document:3', 'viewer', 'group:eng#owner'),
        ]);
        expect((await store.readByUser('user:*', 'viewer', 'document')).map((t) => t.object)).toEqual([
          'document:1',
        ]);
        expect(
          (await store.readByUser('group:eng#member', 'viewer', 'document')).map((t) => t.object),
        ).toEqual(['document:2']);
        expect(await store.readByUser('user:anne', 'viewer', 'document')).toEqual([]);
      },
    },
    {
      name: 'the optional synchronous readByUserSync answers as readByUser does, and throws 2000 for an unreached revision',
      async run(store) {
        // An optional capability: a store without it passes this case trivially.
        if (!hasSyncReverseReads(store)) return;
        const revision = await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:2', 'viewer', 'group:eng#member'),
          key('document:3', 'viewer', 'user:*'),
          key('folder:1', 'viewer', 'user:anne'),
          {
            ...key('document:4', 'viewer', 'user:anne'),
            condition: { name: 'in_hours', context: { from: 9 } },
          },
        ]);
        for (const user of ['user:anne', 'group:eng#member', 'user:*', 'user:bob']) {
          const objects = (tuples: readonly { object: string }[]) => tuples.map((t) => t.object).sort();
          expect(
            objects(store.readByUserSync(user, 'viewer', 'document', { minRevision: revision })),
          ).toEqual(objects(await store.readByUser(user, 'viewer', 'document')));
        }
        const conditioned = store
          .readByUserSync('user:anne', 'viewer', 'document')
          .find((t) => t.object === 'document:4');
        expect(conditioned?.condition).toEqual({ name: 'in_hours', context: { from: 9 } });
        expect(() =>
          store.readByUserSync('user:anne', 'viewer', 'document', { minRevision: revision + 1000 }),
        ).toThrow(expect.objectContaining({ code: 2000 }));
      },
    },
    {
      name: 'a deleted tuple disappears from both indexes',
      async run(store) {
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        await store.write({ writes: [], deletes: [key('document:1', 'viewer', 'user:anne')] });
        expect(await store.readByUser('user:anne', 'viewer', 'document')).toEqual([]);
        expect(await store.readByObjectRelation('document:1', 'viewer')).toEqual([]);
        expect(await store.readTuple(key('document:1', 'viewer', 'user:anne'))).toBeUndefined();
      },
    },
  ],
};

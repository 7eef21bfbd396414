// Conformance: reads by user, relation and object type (what ListObjects walks).
import { expect } from 'vitest';
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

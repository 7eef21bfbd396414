// Conformance: the changelog behind ReadChanges.
import { expect } from 'vitest';
import type { ConformanceTopic } from '../conformance-case.js';
import { key, written } from '../tuple-fixtures.js';

export const changelog: ConformanceTopic = {
  topic: 'changelog',
  cases: [
    {
      name: 'writes and deletes appear in order, each with its revision',
      async run(store) {
        const first = await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const second = await written(store, [], [key('document:1', 'viewer', 'user:anne')]);
        const page = await store.readChanges({}, { pageSize: 10 });
        expect(page.items.map((change) => [change.operation, change.key.user, change.revision])).toEqual([
          ['write', 'user:anne', first],
          ['delete', 'user:anne', second],
        ]);
      },
    },
    {
      name: 'the token of the last page resumes after it once more changes arrive',
      async run(store) {
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const page = await store.readChanges({}, { pageSize: 10 });
        expect(page.items).toHaveLength(1);
        const empty = await store.readChanges(
          {},
          { pageSize: 10, continuationToken: page.continuationToken },
        );
        expect(empty.items).toEqual([]);
        await written(store, [key('document:2', 'viewer', 'user:bob')]);
        const next = await store.readChanges(
          {},
          { pageSize: 10, continuationToken: empty.continuationToken },
        );
        expect(next.items.map((change) => change.key.object)).toEqual(['document:2']);
      },
    },
    {
      name: 'the object type filter keeps only changes to that type',
      async run(store) {
        await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('folder:1', 'viewer', 'user:anne'),
        ]);
        const page = await store.readChanges({ objectType: 'folder' }, { pageSize: 10 });
        expect(page.items.map((change) => change.key.object)).toEqual(['folder:1']);
      },
    },
  ],
};

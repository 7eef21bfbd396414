// Conformance: the Read API's filtered, paged reads.
import { expect } from 'vitest';
import { isRebacError } from '../../errors.js';
import type { ConformanceTopic } from '../conformance-case.js';
import { key, written } from '../tuple-fixtures.js';

export const pagedReads: ConformanceTopic = {
  topic: 'paged reads',
  cases: [
    {
      name: 'pages cover every matching tuple once, in write order, and the last page has no token',
      async run(store) {
        const tuples = Array.from({ length: 7 }, (_, i) => key(`document:${i}`, 'viewer', 'user:anne'));
        for (const tuple of tuples) await written(store, [tuple]);
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await store.readPage({}, { pageSize: 3, continuationToken: token });
          seen.push(...page.items.map((item) => item.key.object));
          token = page.continuationToken;
          pages++;
        } while (token !== undefined && pages < 10);
        expect(seen).toEqual(tuples.map((tuple) => tuple.object));
        expect(pages).toBe(3);
      },
    },
    {
      name: 'filters by object, by object type with user, and by relation',
      async run(store) {
        await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:1', 'editor', 'user:anne'),
          key('document:2', 'viewer', 'user:bob'),
          key('folder:1', 'viewer', 'user:anne'),
        ]);
        const byObject = await store.readPage({ object: 'document:1' }, { pageSize: 10 });
        expect(byObject.items.map((item) => item.key.relation).sort()).toEqual(['editor', 'viewer']);
        const byType = await store.readPage({ object: 'document:', user: 'user:anne' }, { pageSize: 10 });
        expect(byType.items.map((item) => `${item.key.object}#${item.key.relation}`).sort()).toEqual([
          'document:1#editor',
          'document:1#viewer',
        ]);
        const byRelation = await store.readPage(
          { object: 'document:', relation: 'viewer', user: 'user:bob' },
          { pageSize: 10 },
        );
        expect(byRelation.items.map((item) => item.key.object)).toEqual(['document:2']);
      },
    },
    {
      name: 'stored tuples carry the time they were written',
      async run(store) {
        const before = Date.now();
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        const [item] = (await store.readPage({}, { pageSize: 1 })).items;
        expect(item?.timestamp.getTime()).toBeGreaterThanOrEqual(before - 1000);
      },
    },
    {
      name: 'an unreadable continuation token is refused with 2007',
      async run(store) {
        const refusal = await store
          .readPage({}, { pageSize: 1, continuationToken: 'not-a-token' })
          .catch((e) => e);
        expect(isRebacError(refusal) && refusal.code).toBe(2007);
      },
    },
  ],
};

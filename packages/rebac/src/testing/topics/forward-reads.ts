// Conformance: reads by object and relation (what Check walks).
import { expect } from 'vitest';
import {
  hasCombinedForwardReads,
  hasObjectReads,
  hasSyncForwardReads,
  type ObjectRelationRead,
} from '../../tuples/tuple-store.js';
import type { ConformanceTopic } from '../conformance-case.js';
import { key, sortedUsers, written } from '../tuple-fixtures.js';

export const forwardReads: ConformanceTopic = {
  topic: 'forward reads',
  cases: [
    {
      name: 'readTuple finds exactly the written tuple and nothing for another user',
      async run(store) {
        await written(store, [key('document:1', 'viewer', 'user:anne')]);
        expect(await store.readTuple(key('document:1', 'viewer', 'user:anne'))).toMatchObject(
          key('document:1', 'viewer', 'user:anne'),
        );
        expect(await store.readTuple(key('document:1', 'viewer', 'user:bob'))).toBeUndefined();
        expect(await store.readTuple(key('document:1', 'editor', 'user:anne'))).toBeUndefined();
      },
    },
    {
      name: 'readByObjectRelation returns every user of object#relation, of every kind',
      async run(store) {
        await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:1', 'viewer', 'user:*'),
          key('document:1', 'viewer', 'group:eng#member'),
          key('document:2', 'viewer', 'user:bob'),
          key('document:1', 'editor', 'user:carl'),
        ]);
        expect(sortedUsers(await store.readByObjectRelation('document:1', 'viewer'))).toEqual([
          'group:eng#member',
          'user:*',
          'user:anne',
        ]);
      },
    },
    {
      name: 'readByObjectRelation with user types returns only users of those type references',
      async run(store) {
        await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:1', 'viewer', 'user:*'),
          key('document:1', 'viewer', 'group:eng#member'),
          key('document:1', 'viewer', 'group:ops#owner'),
        ]);
        const usersets = await store.readByObjectRelation('document:1', 'viewer', new Set(['group#member']));
        expect(sortedUsers(usersets)).toEqual(['group:eng#member']);
        const wildcard = await store.readByObjectRelation('document:1', 'viewer', new Set(['user:*']));
        expect(sortedUsers(wildcard)).toEqual(['user:*']);
      },
    },
    {
      name: 'a tuple keeps its condition name and context',
      async run(store) {
        await written(store, [
          {
            ...key('document:1', 'viewer', 'user:anne'),
            condition: { name: 'in_hours', context: { from: 9 } },
          },
        ]);
        const [tuple] = await store.readByObjectRelation('document:1', 'viewer');
        expect(tuple?.condition).toEqual({ name: 'in_hours', context: { from: 9 } });
      },
    },
    {
      name: 'optional synchronous reads (readTupleSync, readByObjectRelationSync, readUsersAndUsersetsSync) answer as the async reads do',
      async run(store) {
        // An optional capability: a store without it passes this case trivially.
        if (!hasSyncForwardReads(store)) return;
        await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:1', 'viewer', 'user:*'),
          key('document:1', 'viewer', 'group:eng#member'),
          {
            ...key('document:1', 'viewer', 'user:bob'),
            condition: { name: 'in_hours', context: { from: 9 } },
          },
        ]);
        expect(store.readTupleSync(key('document:1', 'viewer', 'user:anne'))).toMatchObject(
          key('document:1', 'viewer', 'user:anne'),
        );
        expect(store.readTupleSync(key('document:1', 'viewer', 'user:carl'))).toBeUndefined();
        expect(store.readTupleSync(key('document:1', 'viewer', 'user:bob'))?.condition).toEqual({
          name: 'in_hours',
          context: { from: 9 },
        });
        expect(sortedUsers(store.readByObjectRelationSync('document:1', 'viewer'))).toEqual(
          sortedUsers(await store.readByObjectRelation('document:1', 'viewer')),
        );
        expect(
          sortedUsers(store.readByObjectRelationSync('document:1', 'viewer', new Set(['group#member']))),
        ).toEqual(['group:eng#member']);
        expect(store.readByObjectRelationSync('document:2', 'viewer')).toEqual([]);
        // One lookup for a type restriction: the named users' tuples in order, then the usersets.
        const direct = store.readUsersAndUsersetsSync(
          'document:1',
          'viewer',
          ['user:carl', 'user:*', 'user:anne'],
          new Set(['group#member']),
        );
        expect(direct.map((tuple) => tuple.user)).toEqual(['user:*', 'user:anne', 'group:eng#member']);
        expect(store.readUsersAndUsersetsSync('document:1', 'viewer', ['user:bob'], new Set())).toEqual([
          expect.objectContaining({
            user: 'user:bob',
            condition: { name: 'in_hours', context: { from: 9 } },
          }),
        ]);
        expect(
          store.readUsersAndUsersetsSync('document:2', 'viewer', ['user:anne'], new Set(['group#member'])),
        ).toEqual([]);
      },
    },
    {
      name: 'the optional combined read (readUsersAndUsersets) gives the named users in order, then the usersets',
      async run(store) {
        // An optional capability: a store without it passes this case trivially.
        if (!hasCombinedForwardReads(store)) return;
        const revision = await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:1', 'viewer', 'user:*'),
          key('document:1', 'viewer', 'group:eng#member'),
          key('document:1', 'viewer', 'group:ops#owner'),
          {
            ...key('document:1', 'viewer', 'user:bob'),
            condition: { name: 'in_hours', context: { from: 9 } },
          },
        ]);
        const direct = await store.readUsersAndUsersets(
          'document:1',
          'viewer',
          ['user:carl', 'user:*', 'user:anne'],
          new Set(['group#member']),
          { minRevision: revision },
        );
        expect(direct.map((tuple) => tuple.user)).toEqual(['user:*', 'user:anne', 'group:eng#member']);
        expect(await store.readUsersAndUsersets('document:1', 'viewer', ['user:bob'], new Set())).toEqual([
          expect.objectContaining({
            user: 'user:bob',
            condition: { name: 'in_hours', context: { from: 9 } },
          }),
        ]);
        expect(await store.readUsersAndUsersets('document:1', 'viewer', [], new Set(['user']))).toHaveLength(
          2,
        );
        expect(
          await store.readUsersAndUsersets('document:2', 'viewer', ['user:anne'], new Set(['group#member'])),
        ).toEqual([]);
        await expect(
          store.readUsersAndUsersets('document:1', 'viewer', ['user:anne'], new Set(), {
            minRevision: revision + 1000,
          }),
        ).rejects.toMatchObject({ code: 2000 });
      },
    },
    {
      name: 'the optional batched object read gives each relation what its single read gives, in the order asked',
      async run(store) {
        // An optional capability: a store without it passes this case trivially.
        if (!hasObjectReads(store)) return;
        const revision = await written(store, [
          key('document:1', 'viewer', 'user:anne'),
          key('document:1', 'viewer', 'user:*'),
          key('document:1', 'viewer', 'group:eng#member'),
          key('document:1', 'viewer', 'group:ops#owner'),
          key('document:1', 'editor', 'user:bob'),
          key('document:1', 'editor', 'group:eng#member'),
          {
            ...key('document:1', 'owner', 'user:anne'),
            condition: { name: 'in_hours', context: { from: 9 } },
          },
          key('document:1', 'parent', 'folder:a'),
          key('document:1', 'parent', 'folder:b'),
          key('document:2', 'viewer', 'user:anne'),
        ]);
        const reads: ObjectRelationRead[] = [
          {
            relation: 'viewer',
            restriction: {
              users: ['user:carl', 'user:*', 'user:anne'],
              usersetTypes: new Set(['group#member']),
            },
          },
          {
            relation: 'editor',
            restriction: { users: ['user:anne'], usersetTypes: new Set(['group#member']) },
          },
          { relation: 'owner', restriction: { users: ['user:anne'], usersetTypes: new Set() } },
          { relation: 'parent' },
          { relation: 'blocked', restriction: { users: ['user:anne'], usersetTypes: new Set() } },
        ];
        const check = (found: readonly (readonly { user: string; condition?: unknown }[])[]) => {
          expect(found.map((tuples) => tuples.map((tuple) => tuple.user))).toEqual([
            ['user:*', 'user:anne', 'group:eng#member'],
            ['group:eng#member'],
            ['user:anne'],
            expect.arrayContaining(['folder:a', 'folder:b']),
            [],
          ]);
          expect(found[3]).toHaveLength(2);
          expect(found[2]?.[0]?.condition).toEqual({ name: 'in_hours', context: { from: 9 } });
        };
        check(await store.readObjectRelations('document:1', reads, { minRevision: revision }));
        await expect(
          store.readObjectRelations('document:1', reads, { minRevision: revision + 1000 }),
        ).rejects.toMatchObject({ code: 2000 });
        expect(await store.readObjectRelations('document:3', reads)).toEqual([[], [], [], [], []]);
      },
    },
    {
      name: 'optional synchronous reads throw 2000 for a revision the store has not reached',
      async run(store) {
        if (!hasSyncForwardReads(store)) return;
        const revision = await written(store, [key('document:1', 'viewer', 'user:anne')]);
        expect(
          store.readTupleSync(key('document:1', 'viewer', 'user:anne'), { minRevision: revision }),
        ).toBeDefined();
        expect(() =>
          store.readTupleSync(key('document:1', 'viewer', 'user:anne'), { minRevision: revision + 1000 }),
        ).toThrow(expect.objectContaining({ code: 2000 }));
        expect(() =>
          store.readByObjectRelationSync('document:1', 'viewer', undefined, { minRevision: revision + 1000 }),
        ).toThrow(expect.objectContaining({ code: 2000 }));
        expect(() =>
          store.readUsersAndUsersetsSync('document:1', 'viewer', ['user:anne'], new Set(), {
            minRevision: revision + 1000,
          }),
        ).toThrow(expect.objectContaining({ code: 2000 }));
      },
    },
  ],
};

// The engine's operations end to end on the memory store: limits, consistency, cycles, depth, and the shapes of
// BatchCheck and Expand.
import { describe, expect, it } from 'vitest';
import {
  type CompiledModel,
  compileModelDsl,
  createRebacEngine,
  isRebacError,
  MemoryTupleStore,
  readChanges,
  readTuples,
  type TupleKey,
} from '../src/index.js';

const MODEL = `model
  schema 1.1
type user
type group
  relations
    define member: [user, group#member]
type folder
  relations
    define parent: [folder]
    define viewer: [user, group#member] or viewer from parent
type document
  relations
    define parent: [folder]
    define owner: [user]
    define blocked: [user]
    define viewer: ([user, user:*] or owner or viewer from parent) but not blocked
`;

const engine = createRebacEngine();

async function setup(tuples: TupleKey[]): Promise<{ model: CompiledModel; store: MemoryTupleStore }> {
  const model = compileModelDsl(MODEL);
  const store = new MemoryTupleStore();
  for (let i = 0; i < tuples.length; i += 100)
    await engine.write(store, model, { writes: tuples.slice(i, i + 100) });
  return { model, store };
}

async function codeOf(run: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return isRebacError(error) ? error.code : -1;
  }
}

const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });

describe('writes', () => {
  it('refuses 101 tuples in one write with 2053 and stores none of them', async () => {
    const { model, store } = await setup([]);
    const writes = Array.from({ length: 101 }, (_, i) => t(`document:${i}`, 'owner', 'user:anne'));
    expect(await codeOf(() => engine.write(store, model, { writes }))).toBe(2053);
    expect(store.size).toBe(0);
  });

  it('accepts 100 writes and deletes together', async () => {
    const { model, store } = await setup([t('document:0', 'owner', 'user:anne')]);
    const writes = Array.from({ length: 99 }, (_, i) => t(`document:${i + 1}`, 'owner', 'user:anne'));
    await engine.write(store, model, { writes, deletes: [t('document:0', 'owner', 'user:anne')] });
    expect(store.size).toBe(99);
  });

  it('refuses a duplicate write with 2017, a missing delete with 2017, a tuple named twice with 2004', async () => {
    const { model, store } = await setup([t('document:1', 'owner', 'user:anne')]);
    expect(
      await codeOf(() => engine.write(store, model, { writes: [t('document:1', 'owner', 'user:anne')] })),
    ).toBe(2017);
    expect(
      await codeOf(() => engine.write(store, model, { deletes: [t('document:2', 'owner', 'user:anne')] })),
    ).toBe(2017);
    const twice = [t('document:3', 'owner', 'user:anne'), t('document:3', 'owner', 'user:anne')];
    expect(await codeOf(() => engine.write(store, model, { writes: twice }))).toBe(2004);
    const ignored = await engine.write(store, model, {
      writes: [t('document:1', 'owner', 'user:anne')],
      onDuplicate: 'ignore',
    });
    expect(ignored.revision).toBe(await store.currentRevision());
  });

  it('refuses a tuple the model does not admit with 2027 and an empty write with 2003', async () => {
    const { model, store } = await setup([]);
    expect(
      await codeOf(() =>
        engine.write(store, model, { writes: [t('document:1', 'owner', 'group:x#member')] }),
      ),
    ).toBe(2027);
    expect(await codeOf(() => engine.write(store, model, {}))).toBe(2003);
  });
});

describe('consistency', () => {
  it('a check at the token of the write that removed access denies (the new enemy problem)', async () => {
    const { model, store } = await setup([t('document:1', 'owner', 'user:anne')]);
    const target = { model, store };
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    expect((await engine.check(target, { tupleKey: key })).allowed).toBe(true);
    const { revision } = await engine.write(store, model, {
      writes: [t('document:1', 'blocked', 'user:anne')],
    });
    expect(
      (await engine.check(target, { tupleKey: key, consistency: { minRevision: revision } })).allowed,
    ).toBe(false);
  });

  it('refuses a token newer than the store instead of answering from older data', async () => {
    const { model, store } = await setup([t('document:1', 'owner', 'user:anne')]);
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    const future = (await store.currentRevision()) + 1;
    expect(
      await codeOf(() =>
        engine.check({ model, store }, { tupleKey: key, consistency: { minRevision: future } }),
      ),
    ).toBe(2000);
  });

  it('one store never sees the tuples of another', async () => {
    const first = await setup([t('document:1', 'owner', 'user:anne')]);
    const other = new MemoryTupleStore();
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    expect((await engine.check({ model: first.model, store: other }, { tupleKey: key })).allowed).toBe(false);
  });

  it("a cached engine never answers one store's check from another store's tuples", async () => {
    const cached = createRebacEngine({ cacheEntries: 1000 });
    const first = await setup([t('document:1', 'owner', 'user:anne')]);
    const other = new MemoryTupleStore();
    await cached.write(other, first.model, { writes: [t('document:9', 'owner', 'user:bob')] });
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    expect((await cached.check({ model: first.model, store: first.store }, { tupleKey: key })).allowed).toBe(
      true,
    );
    expect((await cached.check({ model: first.model, store: other }, { tupleKey: key })).allowed).toBe(false);
  });

  it('a cached engine still answers from the newest revision after a write', async () => {
    const cached = createRebacEngine({ cacheEntries: 1000 });
    const { model, store } = await setup([t('document:1', 'owner', 'user:anne')]);
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    expect((await cached.check({ model, store }, { tupleKey: key })).allowed).toBe(true);
    await cached.write(store, model, { writes: [t('document:1', 'blocked', 'user:anne')] });
    expect((await cached.check({ model, store }, { tupleKey: key })).allowed).toBe(false);
  });
});

describe('resolution limits', () => {
  it('a chain of 30 nested groups raises 2002 instead of hanging, and 20 resolve', async () => {
    const chain = Array.from({ length: 30 }, (_, i) => t(`group:g${i}`, 'member', `group:g${i + 1}#member`));
    const { model, store } = await setup([...chain, t('group:g30', 'member', 'user:anne')]);
    const deep = { object: 'group:g0', relation: 'member', user: 'user:anne' };
    expect(await codeOf(() => engine.check({ model, store }, { tupleKey: deep }))).toBe(2002);
    const shallow = { object: 'group:g10', relation: 'member', user: 'user:anne' };
    expect((await engine.check({ model, store }, { tupleKey: shallow })).allowed).toBe(true);
  });

  it('cyclic group memberships terminate with not allowed', async () => {
    const { model, store } = await setup([
      t('group:a', 'member', 'group:b#member'),
      t('group:b', 'member', 'group:a#member'),
    ]);
    const key = { object: 'group:a', relation: 'member', user: 'user:anne' };
    expect((await engine.check({ model, store }, { tupleKey: key })).allowed).toBe(false);
  });

  it('contextual tuples count for their request only and are never stored', async () => {
    const { model, store } = await setup([]);
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    const contextualTuples = [t('document:1', 'owner', 'user:anne')];
    expect((await engine.check({ model, store }, { tupleKey: key, contextualTuples })).allowed).toBe(true);
    expect((await engine.check({ model, store }, { tupleKey: key })).allowed).toBe(false);
    expect(store.size).toBe(0);
  });

  it('a condition that cannot be evaluated is an error (2000), never an allow', async () => {
    const conditional = compileModelDsl(`model
  schema 1.1
type user
type document
  relations
    define viewer: [user with before]
condition before(now: timestamp, until: timestamp) {
  now < until
}
`);
    const store = new MemoryTupleStore();
    await engine.write(store, conditional, {
      writes: [
        {
          ...t('document:1', 'viewer', 'user:anne'),
          condition: { name: 'before', context: { until: '2030-01-01T00:00:00Z' } },
        },
      ],
    });
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    expect(await codeOf(() => engine.check({ model: conditional, store }, { tupleKey: key }))).toBe(2000);
    const early = { now: '2029-01-01T00:00:00Z' };
    expect(
      (await engine.check({ model: conditional, store }, { tupleKey: key, context: early })).allowed,
    ).toBe(true);
    const late = { now: '2031-01-01T00:00:00Z' };
    expect(
      (await engine.check({ model: conditional, store }, { tupleKey: key, context: late })).allowed,
    ).toBe(false);
  });

  it('refuses more than 100 contextual tuples with 2000', async () => {
    const { model, store } = await setup([]);
    const contextualTuples = Array.from({ length: 101 }, (_, i) => t(`document:${i}`, 'owner', 'user:anne'));
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    expect(await codeOf(() => engine.check({ model, store }, { tupleKey: key, contextualTuples }))).toBe(
      2000,
    );
  });
});

describe('listing', () => {
  it('lists every one of 2,500 objects (no cap at 1,000), through a folder tree', async () => {
    const tuples = [t('folder:root', 'viewer', 'user:anne'), t('folder:child', 'parent', 'folder:root')];
    for (let i = 0; i < 2500; i++)
      tuples.push(t(`document:${i}`, 'parent', i % 2 ? 'folder:root' : 'folder:child'));
    tuples.push(t('document:7', 'blocked', 'user:anne'));
    const { model, store } = await setup(tuples);
    const objects = new Set<string>();
    for await (const object of engine.listObjects(
      { model, store },
      { type: 'document', relation: 'viewer', user: 'user:anne' },
    )) {
      objects.add(object);
    }
    expect(objects.size).toBe(2499);
    expect(objects.has('document:7')).toBe(false);
  });

  it('lists users through nested groups and returns the public wildcard as user:*', async () => {
    const { model, store } = await setup([
      t('folder:f', 'viewer', 'group:eng#member'),
      t('group:eng', 'member', 'group:backend#member'),
      t('group:backend', 'member', 'user:bob'),
      t('document:1', 'parent', 'folder:f'),
      t('document:1', 'viewer', 'user:*'),
      t('document:1', 'owner', 'user:carl'),
    ]);
    const users: string[] = [];
    for await (const user of engine.listUsers(
      { model, store },
      { object: 'document:1', relation: 'viewer', userFilters: [{ type: 'user' }] },
    )) {
      users.push(user);
    }
    expect(users.sort()).toEqual(['user:*', 'user:bob', 'user:carl']);
  });
});

describe('batch check and expand', () => {
  it('answers each item under its correlation id, with an error for an invalid item only', async () => {
    const { model, store } = await setup([t('document:1', 'owner', 'user:anne')]);
    const { result } = await engine.batchCheck(
      { model, store },
      {
        checks: [
          { correlationId: 'a', tupleKey: { object: 'document:1', relation: 'viewer', user: 'user:anne' } },
          { correlationId: 'b', tupleKey: { object: 'document:1', relation: 'viewer', user: 'user:bob' } },
          { correlationId: 'c', tupleKey: { object: 'document:1', relation: 'nope', user: 'user:bob' } },
        ],
      },
    );
    expect(result.get('a')).toEqual({ allowed: true });
    expect(result.get('b')).toEqual({ allowed: false });
    expect(result.get('c')?.error?.code).toBe(2000);
  });

  it('refuses 51 checks and repeated correlation ids with 2000', async () => {
    const { model, store } = await setup([]);
    const item = (id: string) => ({
      correlationId: id,
      tupleKey: { object: 'document:1', relation: 'viewer', user: 'user:a' },
    });
    const many = Array.from({ length: 51 }, (_, i) => item(String(i)));
    expect(await codeOf(() => engine.batchCheck({ model, store }, { checks: many }))).toBe(2000);
    expect(await codeOf(() => engine.batchCheck({ model, store }, { checks: [item('x'), item('x')] }))).toBe(
      2000,
    );
  });

  it("expands one level in OpenFGA's tree shape", async () => {
    const { model, store } = await setup([
      t('document:1', 'owner', 'user:carl'),
      t('document:1', 'parent', 'folder:f'),
    ]);
    const { tree } = await engine.expand({ model, store }, { object: 'document:1', relation: 'viewer' });
    expect(tree.root.name).toBe('document:1#viewer');
    const union = tree.root.difference?.base.union?.nodes ?? [];
    expect(union.map((node) => node.leaf)).toEqual([
      { users: { users: [] } },
      { computed: { userset: 'document:1#owner' } },
      { tupleToUserset: { tupleset: 'document:1#parent', computed: [{ userset: 'folder:f#viewer' }] } },
    ]);
    expect(tree.root.difference?.subtract.leaf).toEqual({ computed: { userset: 'document:1#blocked' } });
  });
});

describe('read and read changes', () => {
  it('pages stored tuples with OpenFGA filter rules and refuses bad page sizes', async () => {
    const { model, store } = await setup([
      t('document:1', 'owner', 'user:anne'),
      t('document:2', 'owner', 'user:anne'),
    ]);
    const page = await readTuples(
      store,
      { filter: { object: 'document:', user: 'user:anne' }, pageSize: 1 },
      model,
    );
    expect(page.items).toHaveLength(1);
    const rest = await readTuples(
      store,
      { filter: { object: 'document:', user: 'user:anne' }, continuationToken: page.continuationToken },
      model,
    );
    expect(rest.items.map((item) => item.key.object)).toEqual(['document:2']);
    expect(await codeOf(() => readTuples(store, { pageSize: 101 }))).toBe(2000);
    expect(await codeOf(() => readTuples(store, { filter: { object: 'document:' } }))).toBe(2000);
    expect(await codeOf(() => readTuples(store, { filter: { object: 'robot:1' } }, model))).toBe(2021);
  });

  it('reads the changelog by type', async () => {
    const { store } = await setup([
      t('document:1', 'owner', 'user:anne'),
      t('folder:1', 'viewer', 'user:anne'),
    ]);
    const changes = await readChanges(store, { type: 'folder' });
    expect(changes.items.map((change) => [change.operation, change.key.object])).toEqual([
      ['write', 'folder:1'],
    ]);
  });
});

describe('validation order', () => {
  it('reports a bad contextual tuple before an unknown type in ListObjects and ListUsers, as OpenFGA does', async () => {
    const { model, store } = await setup([]);
    const contextualTuples = [t('robot:1', 'owner', 'user:anne')];
    const objects = engine.listObjects(
      { model, store },
      { type: 'nope', relation: 'viewer', user: 'user:anne', contextualTuples },
    );
    expect(await codeOf(() => objects.next())).toBe(2027);
    const users = engine.listUsers(
      { model, store },
      { object: 'nope:1', relation: 'viewer', userFilters: [{ type: 'user' }], contextualTuples },
    );
    expect(await codeOf(() => users.next())).toBe(2027);
  });

  it('reports a contextual tuple with an unknown condition as 2027 in Check', async () => {
    const { model, store } = await setup([]);
    const contextualTuples = [{ ...t('document:1', 'owner', 'user:anne'), condition: { name: 'nope' } }];
    const key = { object: 'document:1', relation: 'viewer', user: 'user:anne' };
    expect(await codeOf(() => engine.check({ model, store }, { tupleKey: key, contextualTuples }))).toBe(
      2027,
    );
  });
});

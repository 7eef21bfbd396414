// The FGA API's short-lived caches over the real SQLite stores: live stores and latest model ids are served from
// memory within the TTL, changes made through the wrappers apply at once, changes made elsewhere (the inner store,
// as the CLI or another instance would) within the TTL; nothing unknown is kept.
import { parseModelDsl, ulid } from '@tessera/rebac';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CachedAuthorizationModelStore } from '../../src/authz/fga/cached-authorization-model-store.js';
import { CachedFgaStoreCatalog } from '../../src/authz/fga/cached-fga-store-catalog.js';
import { openSqliteStores, type SqliteStores } from '../support/sqlite-stores.js';
import { TestClock } from '../support/test-clock.js';

let sqlite: SqliteStores;
beforeAll(async () => {
  sqlite = await openSqliteStores();
});
afterAll(() => sqlite.close());

const MODEL = parseModelDsl(`model
  schema 1.1
type user
type document
  relations
    define viewer: [user]
`);

async function newStore(clock: TestClock): Promise<string> {
  const id = ulid();
  await sqlite.stores.fgaStores.create({
    id,
    name: 'cached',
    createdAt: clock.now(),
    updatedAt: clock.now(),
  });
  return id;
}

describe('the FGA store cache', () => {
  it('serves a live store within the TTL, sees a deletion made elsewhere after it, and one made through it at once', async () => {
    const clock = new TestClock();
    const cached = new CachedFgaStoreCatalog(sqlite.stores.fgaStores, clock, 5000);
    const elsewhere = await newStore(clock);
    expect((await cached.find(elsewhere))?.id).toBe(elsewhere);
    await sqlite.stores.fgaStores.delete(elsewhere, clock.now());
    expect((await cached.find(elsewhere))?.id).toBe(elsewhere);
    clock.advanceSeconds(6);
    expect(await cached.find(elsewhere)).toBeUndefined();

    const here = await newStore(clock);
    expect((await cached.find(here))?.id).toBe(here);
    expect(await cached.delete(here, clock.now())).toBe(true);
    expect(await cached.find(here)).toBeUndefined();
  });

  it('keeps no unknown store: one created after a miss is found at once', async () => {
    const clock = new TestClock();
    const cached = new CachedFgaStoreCatalog(sqlite.stores.fgaStores, clock, 5000);
    const id = ulid();
    expect(await cached.find(id)).toBeUndefined();
    await sqlite.stores.fgaStores.create({
      id,
      name: 'late',
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    expect((await cached.find(id))?.id).toBe(id);
  });
});

describe('the latest model cache', () => {
  it('serves the latest id within the TTL; a model written through it is the latest at once, one written elsewhere after the TTL', async () => {
    const clock = new TestClock();
    const inner = sqlite.stores.fgaModels;
    const cached = new CachedAuthorizationModelStore(inner, clock, 5000);
    const storeId = await newStore(clock);
    expect(await cached.latestId(storeId)).toBeUndefined();
    const first = { id: ulid(), storeId, model: MODEL, createdAt: clock.now() };
    await inner.write(first);
    // No model yet was not kept: the first one is seen at once.
    expect(await cached.latestId(storeId)).toBe(first.id);

    const second = { id: ulid(), storeId, model: MODEL, createdAt: clock.now() };
    await cached.write(second);
    expect(await cached.latestId(storeId)).toBe(second.id);

    const third = { id: ulid(), storeId, model: MODEL, createdAt: clock.now() };
    await inner.write(third);
    expect(await cached.latestId(storeId)).toBe(second.id);
    clock.advanceSeconds(6);
    expect(await cached.latestId(storeId)).toBe(third.id);
  });
});

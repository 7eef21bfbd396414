// The memory datastore's stores (authz/fga/memory/): what the HTTP suites cannot see, the upkeep's removal of a
// deleted store's data, and the bulk import.
import { ulid } from '@tessera/rebac';
import { describe, expect, it } from 'vitest';
import { createMemoryFgaStores } from '../../src/authz/fga/memory/memory-fga-stores.js';
import { TestClock } from '../support/test-clock.js';

const anne = { user: 'user:anne', relation: 'viewer', object: 'document:1' };

async function memoryWithStore() {
  const clock = new TestClock();
  const fga = createMemoryFgaStores(clock);
  const id = ulid();
  const now = clock.now();
  await fga.fgaStores.create({ id, name: 'memory', createdAt: now, updatedAt: now });
  await fga.fgaModels.write({
    id: ulid(),
    storeId: id,
    model: { schema_version: '1.1', type_definitions: [{ type: 'user' }] },
    createdAt: now,
  });
  return { clock, fga, id };
}

describe('memory FGA stores', () => {
  it("the upkeep removes a deleted store's tuples, models and assertions, and only that store's", async () => {
    const { clock, fga, id } = await memoryWithStore();
    const kept = ulid();
    await fga.fgaStores.create({ id: kept, name: 'kept', createdAt: clock.now(), updatedAt: clock.now() });
    const modelId = (await fga.fgaModels.latestId(id)) as string;
    for (const storeId of [id, kept]) {
      await fga.fgaTuples.forStore(storeId).write({ writes: [anne], deletes: [] });
      await fga.fgaAssertions.write(storeId, modelId, [{ tuple_key: anne, expectation: true }]);
    }
    expect(await fga.fgaStores.delete(id, clock.now())).toBe(true);
    expect(await fga.fgaStores.delete(id, clock.now())).toBe(false);
    expect(await fga.fgaStores.find(id)).toBeUndefined();
    await fga.fgaStores.purge(Math.floor(clock.now() / 1000));

    expect((await fga.fgaTuples.forStore(id).readPage({}, { pageSize: 10 })).items).toEqual([]);
    expect(await fga.fgaModels.latestId(id)).toBeUndefined();
    expect(await fga.fgaAssertions.read(id, modelId)).toEqual([]);
    expect((await fga.fgaTuples.forStore(kept).readPage({}, { pageSize: 10 })).items).toHaveLength(1);
    expect(await fga.fgaAssertions.read(kept, modelId)).toHaveLength(1);
  });

  it('an import is one write: one revision, the new tuples counted, stored ones kept', async () => {
    const { fga, id } = await memoryWithStore();
    const bob = { ...anne, user: 'user:bob' };
    await fga.fgaTuples.forStore(id).write({ writes: [anne], deletes: [] });
    const imported = await fga.fgaImporter.importTuples(id, [anne, bob, { ...anne, user: 'user:carl' }]);
    expect(imported).toEqual({ revision: 2, written: 2 });
    expect(await fga.fgaTuples.forStore(id).currentRevision()).toBe(2);
  });

  it('a page token of the store list that it did not make is 2007', async () => {
    const { fga } = await memoryWithStore();
    await expect(fga.fgaStores.list({ pageSize: 1, continuationToken: 'bogus' })).rejects.toMatchObject({
      code: 2007,
    });
  });
});

// A new, empty OpenFGA store in a migrated database, and its TupleStore, for one conformance case.
import { type TupleStore, ulid } from '@tessera/rebac';
import type { TesseraDb } from '../../../src/store/database.js';
import { createSqlStores } from '../../../src/store/stores.js';

export async function freshTupleStore(db: TesseraDb): Promise<TupleStore> {
  const stores = createSqlStores(db);
  const id = ulid();
  const now = Date.now();
  await stores.fgaStores.create({ id, name: 'conformance', createdAt: now, updatedAt: now });
  return stores.fgaTuples.forStore(id);
}

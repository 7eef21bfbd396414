// The TupleStore conformance suite (@tessera/rebac/testing) on SQLite: one migrated database for the file, a new
// OpenFGA store (so an empty TupleStore) for each case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeTupleStoreConformance } from '@tessera/rebac/testing';
import { afterAll, beforeAll } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { freshTupleStore } from './support/fresh-tuple-store.js';

let dir: string;
let db: TesseraDb;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-tuples-'));
  ({ db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') }));
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describeTupleStoreConformance('SqlTupleStore on SQLite', { createStore: () => freshTupleStore(db) });

// The TupleStore conformance suite (@tessera/rebac/testing) on PostgreSQL: one migrated database for the file, a new
// OpenFGA store (so an empty TupleStore) for each case. Runs whenever PostgreSQL answers, and always under CI=true.
import { describeTupleStoreConformance } from '@tessera/rebac/testing';
import { afterAll, beforeAll, describe } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { openMigratedTestPostgres, postgresAvailable } from '../support/postgres-database.js';
import { freshTupleStore } from './support/fresh-tuple-store.js';

describe.runIf(await postgresAvailable())('PostgreSQL', () => {
  let db: TesseraDb;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await openMigratedTestPostgres());
  });
  afterAll(() => close());

  describeTupleStoreConformance('SqlTupleStore on PostgreSQL', { createStore: () => freshTupleStore(db) });
});

// The SQL CounterStore on both databases. One database per backend; each test starts from an empty counter table.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { SqlCounterStore } from '../../src/store/sql-counter-store.js';
import { createTestPostgresDatabase, postgresAvailable } from '../support/postgres-database.js';
import { describeCounterStoreConformance } from './counter-store-conformance.js';

function emptyStoreOn(db: () => TesseraDb) {
  return async () => {
    await db().deleteFrom('login_failures').execute();
    return { counters: new SqlCounterStore(db()), close: async () => {} };
  };
}

describe('SQLite', () => {
  let db: TesseraDb;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-counters-'));
    ({ db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') }));
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  describeCounterStoreConformance('SQLite', { open: emptyStoreOn(() => db) });
});

// Runs whenever PostgreSQL answers, and always under CI=true (where it fails loudly if PostgreSQL is down).
describe.runIf(await postgresAvailable())('PostgreSQL', () => {
  let db: TesseraDb;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const database = await createTestPostgresDatabase();
    drop = () => database.drop();
    ({ db } = openDatabase({ kind: 'postgres', url: database.url }));
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });
  describeCounterStoreConformance('PostgreSQL', { open: emptyStoreOn(() => db) });
});

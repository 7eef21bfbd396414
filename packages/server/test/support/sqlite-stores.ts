// A migrated SQLite database in a temporary directory with the stores over it, for tests of operations and stores
// that need no server; close() destroys the connection and deletes the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createSqlStores, type Stores } from '../../src/store/stores.js';

export interface SqliteStores {
  readonly db: TesseraDb;
  readonly stores: Stores;
  close(): Promise<void>;
}

export async function openSqliteStores(): Promise<SqliteStores> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-stores-'));
  const { db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') });
  await migrateToLatest(db);
  return {
    db,
    stores: createSqlStores(db),
    async close() {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

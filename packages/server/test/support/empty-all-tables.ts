// Deletes every row of every table but the migration records (tessera_migrations and its lock, store/migrate.ts): a
// migrated database as fresh as a new one (no migration seeds rows), far cheaper than creating one per test.
import { sql } from 'kysely';
import type { TesseraDb } from '../../src/store/database.js';

export async function emptyAllTables(db: TesseraDb): Promise<void> {
  const tables = (await db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !name.startsWith('tessera_migrations'));
  // No table references another (no foreign keys), so the order does not matter.
  for (const table of tables) await sql`DELETE FROM ${sql.table(table)}`.execute(db);
}

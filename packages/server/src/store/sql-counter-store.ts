// CounterStore over Kysely: conditional writes make every count atomic across instances. The table keeps the name
// it had when only sign-in failures were counted (login_failures), so existing counts carry over.
import { sql } from 'kysely';
import { COUNTER_RETENTION_SECONDS, type Counter, type CounterStore } from '../limits/counter-store.js';
import type { TesseraDb } from './database.js';

export class SqlCounterStore implements CounterStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async get(key: string): Promise<Counter | undefined> {
    const row = await this.#db
      .selectFrom('login_failures')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? { count: Number(row.failures), lastCountedAt: Number(row.last_failed_at) } : undefined;
  }

  async incrementIf(key: string, expected: number, now: number): Promise<boolean> {
    if (expected === 0) {
      const inserted = await this.#db
        .insertInto('login_failures')
        .values({ key, failures: 1, last_failed_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const updated = await this.#db
      .updateTable('login_failures')
      .set({ failures: expected + 1, last_failed_at: now })
      .where('key', '=', key)
      .where('failures', '=', expected)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async increment(key: string, now: number): Promise<Counter> {
    const row = await this.#db
      .insertInto('login_failures')
      .values({ key, failures: 1, last_failed_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: sql`login_failures.failures + 1`, last_failed_at: now }),
      )
      .returning(['failures', 'last_failed_at'])
      .executeTakeFirstOrThrow();
    return { count: Number(row.failures), lastCountedAt: Number(row.last_failed_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.#db
      .updateTable('login_failures')
      .set({ failures: sql`login_failures.failures - 1` })
      .where('key', '=', key)
      .where('failures', '>', 0)
      .execute();
  }

  async clear(key: string): Promise<void> {
    await this.#db.deleteFrom('login_failures').where('key', '=', key).execute();
  }

  async purge(now: number): Promise<void> {
    await this.purgeBefore(now - COUNTER_RETENTION_SECONDS);
  }

  async purgeBefore(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('login_failures')
      .where('last_failed_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

// LoginThrottleStore over Kysely: conditional writes make every count atomic across instances.
import { sql } from 'kysely';
import type { LoginFailureCount, LoginThrottleStore } from '../accounts/login-throttle-store.js';
import type { TesseraDb } from './database.js';

export class SqlLoginThrottleStore implements LoginThrottleStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async get(key: string): Promise<LoginFailureCount | undefined> {
    const row = await this.#db
      .selectFrom('login_failures')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? { failures: Number(row.failures), lastFailedAt: Number(row.last_failed_at) } : undefined;
  }

  async reserveAttempt(key: string, expectedFailures: number, now: number): Promise<boolean> {
    if (expectedFailures === 0) {
      const inserted = await this.#db
        .insertInto('login_failures')
        .values({ key, failures: 1, last_failed_at: now })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    }
    const updated = await this.#db
      .updateTable('login_failures')
      .set({ failures: expectedFailures + 1, last_failed_at: now })
      .where('key', '=', key)
      .where('failures', '=', expectedFailures)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  async recordFailure(key: string, now: number): Promise<LoginFailureCount> {
    const row = await this.#db
      .insertInto('login_failures')
      .values({ key, failures: 1, last_failed_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ failures: sql`login_failures.failures + 1`, last_failed_at: now }),
      )
      .returning(['failures', 'last_failed_at'])
      .executeTakeFirstOrThrow();
    return { failures: Number(row.failures), lastFailedAt: Number(row.last_failed_at) };
  }

  async forgiveOne(key: string): Promise<void> {
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

  async purgeBefore(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('login_failures')
      .where('last_failed_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

// LoginThrottleStore over Kysely: an upsert counts failures atomically across instances.
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

  async clear(key: string): Promise<void> {
    await this.#db.deleteFrom('login_failures').where('key', '=', key).execute();
  }
}

// AssertionReplayStore over Kysely: the primary key (client_id, jti) makes the first writer win.
import type { AssertionReplayStore } from '../oauth/client-auth/assertion-replay-store.js';
import type { TesseraDb } from './database.js';

export class SqlAssertionReplayStore implements AssertionReplayStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async remember(clientId: string, jti: string, expiresAt: number): Promise<boolean> {
    const result = await this.#db
      .insertInto('client_assertions')
      .values({ client_id: clientId, jti, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['client_id', 'jti']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async purge(now: number): Promise<void> {
    await this.purgeExpired(now);
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('client_assertions')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

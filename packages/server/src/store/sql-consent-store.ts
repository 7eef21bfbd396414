// ConsentStore over Kysely.
import type { ConsentStore } from '../oauth/consent-store.js';
import type { TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';

export class SqlConsentStore implements ConsentStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async grantedScopes(userId: string, clientId: string): Promise<string[]> {
    const row = await this.#db
      .selectFrom('consents')
      .select('scope')
      .where('user_id', '=', userId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row && row.scope !== '' ? row.scope.split(' ') : [];
  }

  async grant(userId: string, clientId: string, scopes: string[], now: number): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      const existing = await trx
        .selectFrom('consents')
        .select('scope')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      const merged = [...new Set([...(existing?.scope.split(' ').filter(Boolean) ?? []), ...scopes])].join(
        ' ',
      );
      await trx
        .insertInto('consents')
        .values({ user_id: userId, client_id: clientId, scope: merged, granted_at: now })
        .onConflict((oc) =>
          oc.columns(['user_id', 'client_id']).doUpdateSet({ scope: merged, granted_at: now }),
        )
        .execute();
    });
  }
}

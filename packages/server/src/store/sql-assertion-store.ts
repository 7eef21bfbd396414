// AssertionStore over Kysely: one row of JSON per model, replaced whole.
import type { Assertion, AssertionStore } from '../authz/fga/assertion-store.js';
import type { TesseraDb } from './database.js';

export class SqlAssertionStore implements AssertionStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async write(storeId: string, modelId: string, assertions: readonly Assertion[]): Promise<void> {
    await this.#db
      .insertInto('fga_assertions')
      .values({ store_id: storeId, model_id: modelId, assertions: JSON.stringify(assertions) })
      .onConflict((oc) =>
        oc.columns(['store_id', 'model_id']).doUpdateSet({ assertions: JSON.stringify(assertions) }),
      )
      .execute();
  }

  async read(storeId: string, modelId: string): Promise<readonly Assertion[]> {
    const row = await this.#db
      .selectFrom('fga_assertions')
      .select('assertions')
      .where('store_id', '=', storeId)
      .where('model_id', '=', modelId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.assertions) as Assertion[]) : [];
  }
}

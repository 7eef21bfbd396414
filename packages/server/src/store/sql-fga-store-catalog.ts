// FgaStoreCatalog over Kysely: deleting a store marks it, so its id is never handed out again; the periodic upkeep
// (Purgeable) then removes the deleted stores' models, tuples, changelog and assertions.
import type { Page, PageRequest } from '@tessera/rebac';
import type { FgaStore, FgaStoreCatalog } from '../authz/fga/fga-store-catalog.js';
import { decodeIdToken, encodeIdToken } from '../authz/fga/id-page-token.js';
import type { Purgeable } from '../purgeable.js';
import type { TesseraDb } from './database.js';

export class SqlFgaStoreCatalog implements FgaStoreCatalog, Purgeable {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(store: FgaStore): Promise<void> {
    await this.#db
      .insertInto('fga_stores')
      .values({
        id: store.id,
        name: store.name,
        revision: 0,
        created_at: store.createdAt,
        updated_at: store.updatedAt,
        deleted_at: null,
      })
      .execute();
  }

  async find(id: string): Promise<FgaStore | undefined> {
    const row = await this.#db
      .selectFrom('fga_stores')
      .select(['id', 'name', 'created_at', 'updated_at'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && toStore(row);
  }

  async list(page: PageRequest, name?: string): Promise<Page<FgaStore>> {
    let query = this.#db
      .selectFrom('fga_stores')
      .select(['id', 'name', 'created_at', 'updated_at'])
      .where('deleted_at', 'is', null);
    if (name !== undefined) query = query.where('name', '=', name);
    if (page.continuationToken !== undefined)
      query = query.where('id', '>', decodeIdToken(page.continuationToken));
    const rows = await query
      .orderBy('id')
      .limit(page.pageSize + 1)
      .execute();
    const items = rows.slice(0, page.pageSize).map(toStore);
    const last = items.at(-1);
    return rows.length > page.pageSize && last
      ? { items, continuationToken: encodeIdToken(last.id) }
      : { items };
  }

  async delete(id: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('fga_stores')
      .set({ deleted_at: now, updated_at: now })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Removes what deleted stores held; no API reaches it any more. */
  async purge(): Promise<void> {
    for (const table of [
      'fga_tuples',
      'fga_changes',
      'fga_authorization_models',
      'fga_assertions',
    ] as const) {
      await this.#db
        .deleteFrom(table)
        .where('store_id', 'in', (eb) =>
          eb.selectFrom('fga_stores').select('id').where('deleted_at', 'is not', null),
        )
        .execute();
    }
  }
}

function toStore(row: { id: string; name: string; created_at: number; updated_at: number }): FgaStore {
  return { id: row.id, name: row.name, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
}

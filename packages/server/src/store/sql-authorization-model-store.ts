// AuthorizationModelStore over Kysely: versions are inserted, never updated; the newest is the greatest ULID.
import type { AuthorizationModelJson, Page, PageRequest } from '@tessera/rebac';
import type { Selectable } from 'kysely';
import type {
  AuthorizationModelStore,
  StoredAuthorizationModel,
} from '../authz/fga/authorization-model-store.js';
import { decodeIdToken, encodeIdToken } from '../authz/fga/id-page-token.js';
import type { FgaAuthorizationModelsTable, TesseraDb } from './database.js';

export class SqlAuthorizationModelStore implements AuthorizationModelStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async write(model: StoredAuthorizationModel): Promise<void> {
    const { schema_version, type_definitions, conditions } = model.model;
    await this.#db
      .insertInto('fga_authorization_models')
      .values({
        store_id: model.storeId,
        id: model.id,
        schema_version,
        model: JSON.stringify({ type_definitions, conditions: conditions ?? {} }),
        created_at: model.createdAt,
      })
      .execute();
  }

  async find(storeId: string, id: string): Promise<StoredAuthorizationModel | undefined> {
    const row = await this.#db
      .selectFrom('fga_authorization_models')
      .selectAll()
      .where('store_id', '=', storeId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toModel(row);
  }

  async latest(storeId: string): Promise<StoredAuthorizationModel | undefined> {
    const row = await this.#db
      .selectFrom('fga_authorization_models')
      .selectAll()
      .where('store_id', '=', storeId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toModel(row);
  }

  async latestId(storeId: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('fga_authorization_models')
      .select('id')
      .where('store_id', '=', storeId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }

  async list(storeId: string, page: PageRequest): Promise<Page<StoredAuthorizationModel>> {
    let query = this.#db.selectFrom('fga_authorization_models').selectAll().where('store_id', '=', storeId);
    if (page.continuationToken !== undefined)
      query = query.where('id', '<', decodeIdToken(page.continuationToken));
    const rows = await query
      .orderBy('id', 'desc')
      .limit(page.pageSize + 1)
      .execute();
    const items = rows.slice(0, page.pageSize).map(toModel);
    const last = items.at(-1);
    return rows.length > page.pageSize && last
      ? { items, continuationToken: encodeIdToken(last.id) }
      : { items };
  }
}

function toModel(row: Selectable<FgaAuthorizationModelsTable>): StoredAuthorizationModel {
  const body = JSON.parse(row.model) as Omit<AuthorizationModelJson, 'schema_version'>;
  return {
    id: row.id,
    storeId: row.store_id,
    model: { schema_version: row.schema_version, ...body },
    createdAt: Number(row.created_at),
  };
}

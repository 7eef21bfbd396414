// FgaApiTokenStore over Kysely: rows hold the token's hash, never the token.
import type { FgaApiToken, FgaApiTokenStore } from '../authz/fga/api-token-store.js';
import type { FgaApiTokensTable, TesseraDb } from './database.js';

export class SqlFgaApiTokenStore implements FgaApiTokenStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(token: FgaApiToken): Promise<void> {
    await this.#db
      .insertInto('fga_api_tokens')
      .values({
        id: token.id,
        name: token.name,
        token_hash: token.tokenHash,
        scope: token.scopes.join(' '),
        created_at: token.createdAt,
      })
      .execute();
  }

  async findByHash(tokenHash: string): Promise<FgaApiToken | undefined> {
    const row = await this.#db
      .selectFrom('fga_api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toToken(row);
  }

  async list(): Promise<readonly FgaApiToken[]> {
    const rows = await this.#db.selectFrom('fga_api_tokens').selectAll().orderBy('created_at').execute();
    return rows.map(toToken);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('fga_api_tokens').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toToken(row: FgaApiTokensTable): FgaApiToken {
  return {
    id: row.id,
    name: row.name,
    tokenHash: row.token_hash,
    scopes: row.scope === '' ? [] : row.scope.split(' '),
    createdAt: Number(row.created_at),
  };
}

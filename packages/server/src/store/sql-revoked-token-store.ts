// RevokedTokenStore over Kysely.
import type { RevokedTokenStore } from '../tokens/revoked-token-store.js';
import type { TesseraDb } from './database.js';

export class SqlRevokedTokenStore implements RevokedTokenStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async revoke(jti: string, expiresAt: number): Promise<void> {
    await this.#db
      .insertInto('revoked_tokens')
      .values({ jti, expires_at: expiresAt })
      .onConflict((oc) => oc.column('jti').doNothing())
      .execute();
  }

  async isRevoked(jti: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('revoked_tokens')
      .select('jti')
      .where('jti', '=', jti)
      .executeTakeFirst();
    return row !== undefined;
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('revoked_tokens')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

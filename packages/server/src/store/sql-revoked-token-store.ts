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
    if (row) return true;
    // A token issued under a grant that has since been revoked is revoked too, even one recorded after the grant
    // was revoked (a replay race), so this is read at check time rather than copied at revocation time.
    const underRevokedGrant = await this.#db
      .selectFrom('grant_access_tokens')
      .innerJoin('grants', 'grants.id', 'grant_access_tokens.grant_id')
      .select('grant_access_tokens.jti')
      .where('grant_access_tokens.jti', '=', jti)
      .where('grants.revoked_at', 'is not', null)
      .executeTakeFirst();
    return underRevokedGrant !== undefined;
  }

  async purge(now: number): Promise<void> {
    await this.purgeExpired(now);
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('revoked_tokens')
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

// GrantStore over Kysely. Single use is enforced by a conditional UPDATE: only one writer sees its row change.
import type { Insertable, Selectable, Transaction } from 'kysely';
import type {
  Grant,
  GrantStore,
  Redemption,
  StoredAuthorizationCode,
  StoredRefreshToken,
} from '../oauth/grant-store.js';
import type {
  AuthorizationCodesTable,
  Database,
  GrantsTable,
  RefreshTokensTable,
  TesseraDb,
} from './database.js';
import { inTransaction } from './in-transaction.js';

export class SqlGrantStore implements GrantStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async createGrant(grant: Grant, code: StoredAuthorizationCode): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      await trx.insertInto('grants').values(grantRow(grant)).execute();
      await trx.insertInto('authorization_codes').values(codeRow(code)).execute();
    });
  }

  async openGrant(grant: Grant): Promise<void> {
    await this.#db.insertInto('grants').values(grantRow(grant)).execute();
  }

  async findGrant(id: string): Promise<Grant | undefined> {
    const row = await this.#db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      clientId: row.client_id,
      sid: row.sid,
      createdAt: Number(row.created_at),
      revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
      ...(row.acr !== null && { acr: row.acr }),
      ...(row.auth_time !== null && { authTime: Number(row.auth_time) }),
    };
  }

  revokeGrant(id: string, now: number): Promise<void> {
    return this.#revokeGrantsWhere('id', id, now);
  }

  revokeAllForUser(userId: string, now: number): Promise<void> {
    return this.#revokeGrantsWhere('user_id', userId, now);
  }

  async revokeAllForUserAndClient(userId: string, clientId: string, now: number): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      const grants = await trx
        .selectFrom('grants')
        .select('id')
        .where('user_id', '=', userId)
        .where('client_id', '=', clientId)
        .execute();
      for (const { id } of grants) await revokeGrantsWhere(trx, 'id', id, now);
    });
  }

  async revokeForOrganization(
    organizationId: string,
    userId: string | undefined,
    now: number,
  ): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      let query = trx
        .selectFrom('refresh_tokens')
        .innerJoin('grants', 'grants.id', 'refresh_tokens.grant_id')
        .select('grants.id')
        .where('refresh_tokens.organization_id', '=', organizationId)
        .where('refresh_tokens.rotated_at', 'is', null)
        .where('grants.revoked_at', 'is', null);
      if (userId !== undefined) query = query.where('grants.user_id', '=', userId);
      for (const { id } of await query.execute()) await revokeGrantsWhere(trx, 'id', id, now);
      // The access tokens for the organization of every other grant (one without a refresh token, or that has
      // switched to another organization since) end too, one by one: the grant lives on for its other tokens.
      let tokens = trx
        .selectFrom('grant_access_tokens')
        .innerJoin('grants', 'grants.id', 'grant_access_tokens.grant_id')
        .select(['grant_access_tokens.jti', 'grant_access_tokens.expires_at'])
        .where('grant_access_tokens.organization_id', '=', organizationId)
        .where('grant_access_tokens.expires_at', '>', now)
        .where('grants.revoked_at', 'is', null);
      if (userId !== undefined) tokens = tokens.where('grants.user_id', '=', userId);
      const live = await tokens.execute();
      if (live.length > 0) {
        await trx
          .insertInto('revoked_tokens')
          .values(live.map((token) => ({ jti: token.jti, expires_at: Number(token.expires_at) })))
          .onConflict((oc) => oc.column('jti').doNothing())
          .execute();
      }
    });
  }

  async #revokeGrantsWhere(column: 'id' | 'user_id', value: string, now: number): Promise<void> {
    await inTransaction(this.#db, (trx) => revokeGrantsWhere(trx, column, value, now));
  }

  async redeemCode(codeHash: string, now: number): Promise<Redemption<StoredAuthorizationCode>> {
    // One statement on the normal path: only the writer that flips consumed_at gets the row back.
    const claimed = await this.#db
      .updateTable('authorization_codes')
      .set({ consumed_at: now })
      .where('code_hash', '=', codeHash)
      .where('consumed_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (claimed) return { outcome: 'redeemed', value: toCode(claimed) };
    const row = await this.#db
      .selectFrom('authorization_codes')
      .selectAll()
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
    return row ? { outcome: 'replayed', value: toCode(row) } : { outcome: 'unknown' };
  }

  async saveRefreshToken(token: StoredRefreshToken): Promise<void> {
    await this.#db
      .insertInto('refresh_tokens')
      .values({
        token_hash: token.tokenHash,
        grant_id: token.grantId,
        client_id: token.clientId,
        scope: token.scope.join(' '),
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        rotated_at: token.rotatedAt,
        organization_id: token.organizationId,
      })
      .execute();
  }

  async findRefreshToken(tokenHash: string): Promise<StoredRefreshToken | undefined> {
    const row = await this.#db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? toRefreshToken(row) : undefined;
  }

  async redeemRefreshToken(tokenHash: string, now: number): Promise<Redemption<StoredRefreshToken>> {
    const claimed = await this.#db
      .updateTable('refresh_tokens')
      .set({ rotated_at: now })
      .where('token_hash', '=', tokenHash)
      .where('rotated_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (claimed) return { outcome: 'redeemed', value: toRefreshToken(claimed) };
    const row = await this.#db
      .selectFrom('refresh_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row ? { outcome: 'replayed', value: toRefreshToken(row) } : { outcome: 'unknown' };
  }

  async recordAccessToken(
    jti: string,
    grantId: string,
    expiresAt: number,
    organizationId: string | null = null,
  ): Promise<void> {
    await this.#db
      .insertInto('grant_access_tokens')
      .values({ jti, grant_id: grantId, expires_at: expiresAt, organization_id: organizationId })
      .execute();
  }

  async purge(now: number): Promise<void> {
    await this.purgeExpired(now);
  }

  async purgeExpired(now: number): Promise<void> {
    await this.#db
      .deleteFrom('authorization_codes')
      .where('expires_at', '<', now - 3600)
      .execute();
    await this.#db.deleteFrom('grant_access_tokens').where('expires_at', '<', now).execute();
    await this.#db.deleteFrom('refresh_tokens').where('expires_at', '<', now).execute();
    // A day-old grant with no live refresh token and no live access token is finished.
    await this.#db
      .deleteFrom('grants')
      .where('created_at', '<', now - 86_400)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('refresh_tokens')
              .select('token_hash')
              .whereRef('refresh_tokens.grant_id', '=', 'grants.id'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('grant_access_tokens')
              .select('jti')
              .whereRef('grant_access_tokens.grant_id', '=', 'grants.id'),
          ),
        ),
      )
      .execute();
  }
}

function grantRow(grant: Grant): Insertable<GrantsTable> {
  return {
    id: grant.id,
    user_id: grant.userId,
    client_id: grant.clientId,
    sid: grant.sid,
    created_at: grant.createdAt,
    revoked_at: grant.revokedAt,
    acr: grant.acr ?? null,
    auth_time: grant.authTime ?? null,
  };
}

function codeRow(code: StoredAuthorizationCode): Insertable<AuthorizationCodesTable> {
  return {
    code_hash: code.codeHash,
    grant_id: code.grantId,
    client_id: code.clientId,
    user_id: code.userId,
    redirect_uri: code.redirectUri,
    scope: code.scope.join(' '),
    nonce: code.nonce,
    code_challenge: code.codeChallenge,
    auth_time: code.authTime,
    amr: JSON.stringify(code.amr),
    sid: code.sid,
    expires_at: code.expiresAt,
    consumed_at: code.consumedAt,
    organization_id: code.organizationId,
    acr: code.acr ?? null,
  };
}

function toCode(row: Selectable<AuthorizationCodesTable>): StoredAuthorizationCode {
  return {
    codeHash: row.code_hash,
    grantId: row.grant_id,
    clientId: row.client_id,
    userId: row.user_id,
    redirectUri: row.redirect_uri,
    scope: row.scope === '' ? [] : row.scope.split(' '),
    nonce: row.nonce,
    codeChallenge: row.code_challenge,
    authTime: Number(row.auth_time),
    amr: JSON.parse(row.amr),
    sid: row.sid,
    expiresAt: Number(row.expires_at),
    consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
    organizationId: row.organization_id,
    ...(row.acr !== null && { acr: row.acr }),
  };
}

function toRefreshToken(row: Selectable<RefreshTokensTable>): StoredRefreshToken {
  return {
    tokenHash: row.token_hash,
    grantId: row.grant_id,
    clientId: row.client_id,
    scope: row.scope === '' ? [] : row.scope.split(' '),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    rotatedAt: row.rotated_at === null ? null : Number(row.rotated_at),
    organizationId: row.organization_id,
  };
}

/**
 * Revokes the grants whose `column` is `value` and deletes their refresh tokens, inside the caller's transaction;
 * access tokens issued under them read as revoked from then on (see SqlRevokedTokenStore.isRevoked).
 */
export async function revokeGrantsWhere(
  trx: Transaction<Database>,
  column: 'id' | 'user_id',
  value: string,
  now: number,
): Promise<void> {
  await trx
    .updateTable('grants')
    .set({ revoked_at: now })
    .where(column, '=', value)
    .where('revoked_at', 'is', null)
    .execute();
  await trx
    .deleteFrom('refresh_tokens')
    .where('grant_id', 'in', (eb) => eb.selectFrom('grants').select('id').where(column, '=', value))
    .execute();
}

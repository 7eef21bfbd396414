// SigningKeyStore over Kysely; rotation and first initialization are single transactions guarded by unique indexes.
import type { Selectable } from 'kysely';
import type { SigningKeyStore, StoredSigningKey } from '../tokens/signing-key-store.js';
import type { SigningKeysTable, TesseraDb } from './database.js';
import { isUniqueViolation } from './unique-violation.js';

export class SqlSigningKeyStore implements SigningKeyStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async list(): Promise<StoredSigningKey[]> {
    const rows = await this.#db
      .selectFrom('signing_keys')
      .selectAll()
      .orderBy('created_at')
      .orderBy('kid')
      .execute();
    return rows.map(toStoredKey);
  }

  async initialize(current: StoredSigningKey, next: StoredSigningKey): Promise<boolean> {
    try {
      await this.#db.transaction().execute(async (trx) => {
        await trx
          .insertInto('signing_keys')
          .values([toRow(current), toRow(next)])
          .execute();
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async rotate(expectedCurrentKid: string, newNext: StoredSigningKey, now: number): Promise<boolean> {
    try {
      return await this.#db.transaction().execute(async (trx) => {
        const retired = await trx
          .updateTable('signing_keys')
          .set({ status: 'retired', retired_at: now })
          .where('kid', '=', expectedCurrentKid)
          .where('status', '=', 'current')
          .executeTakeFirst();
        if (Number(retired.numUpdatedRows) !== 1) return false;
        await trx
          .updateTable('signing_keys')
          .set({ status: 'current', activated_at: now })
          .where('status', '=', 'next')
          .execute();
        await trx.insertInto('signing_keys').values(toRow(newNext)).execute();
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async deleteRetiredBefore(before: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('signing_keys')
      .where('status', '=', 'retired')
      .where('retired_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function toRow(key: StoredSigningKey): SigningKeysTable {
  return {
    kid: key.kid,
    alg: key.alg,
    status: key.status,
    public_jwk: JSON.stringify(key.publicJwk),
    private_key: key.sealedPrivateKey,
    created_at: key.createdAt,
    activated_at: key.activatedAt,
    retired_at: key.retiredAt,
  };
}

function toStoredKey(row: Selectable<SigningKeysTable>): StoredSigningKey {
  return {
    kid: row.kid,
    alg: row.alg,
    status: row.status,
    publicJwk: JSON.parse(row.public_jwk),
    sealedPrivateKey: row.private_key,
    createdAt: Number(row.created_at),
    activatedAt: row.activated_at === null ? null : Number(row.activated_at),
    retiredAt: row.retired_at === null ? null : Number(row.retired_at),
  };
}

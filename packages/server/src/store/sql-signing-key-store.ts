// SigningKeyStore over Kysely; initialization, algorithm switches and rotation are single transactions guarded by
// unique indexes and compare-and-set on the settings row.
import type { Selectable } from 'kysely';
import type { SigningAlgorithm } from '../config/config.js';
import type { SigningKeyStore, SigningSettings, StoredSigningKey } from '../tokens/signing-key-store.js';
import type { SigningKeysTable, TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';
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

  async settings(): Promise<SigningSettings | undefined> {
    const row = await this.#db
      .selectFrom('signing_settings')
      .select(['alg', 'previous_alg', 'effective_at'])
      .where('id', '=', 1)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      alg: row.alg as SigningAlgorithm,
      previousAlg: row.previous_alg as SigningAlgorithm | null,
      effectiveAt: Number(row.effective_at),
    };
  }

  async initialize(settings: SigningSettings, keys: StoredSigningKey[]): Promise<boolean> {
    try {
      await inTransaction(this.#db, async (trx) => {
        await trx.insertInto('signing_settings').values(settingsRow(settings)).execute();
        await trx.insertInto('signing_keys').values(keys.map(toRow)).execute();
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async updateSettings(
    expected: SigningSettings,
    settings: SigningSettings,
    change: { addKeys: StoredSigningKey[]; retireAlgs: SigningAlgorithm[]; now: number },
  ): Promise<boolean> {
    try {
      return await inTransaction(this.#db, async (trx) => {
        const updated = await trx
          .updateTable('signing_settings')
          .set(settingsRow(settings))
          .where('id', '=', 1)
          .where('alg', '=', expected.alg)
          .where((eb) =>
            expected.previousAlg === null
              ? eb('previous_alg', 'is', null)
              : eb('previous_alg', '=', expected.previousAlg),
          )
          .where('effective_at', '=', expected.effectiveAt)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        if (change.retireAlgs.length > 0) {
          await trx
            .updateTable('signing_keys')
            .set({ status: 'retired', retired_at: change.now })
            .where('alg', 'in', change.retireAlgs)
            .where('status', '!=', 'retired')
            .execute();
        }
        if (change.addKeys.length > 0)
          await trx.insertInto('signing_keys').values(change.addKeys.map(toRow)).execute();
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async rotate(expectedCurrentKid: string, newNext: StoredSigningKey, now: number): Promise<boolean> {
    try {
      return await inTransaction(this.#db, async (trx) => {
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
          .where('alg', '=', newNext.alg)
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

function settingsRow(settings: SigningSettings) {
  return { id: 1, alg: settings.alg, previous_alg: settings.previousAlg, effective_at: settings.effectiveAt };
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

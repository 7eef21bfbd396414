// TotpFactorStore over Kysely.
import type { Selectable } from 'kysely';
import type { TotpFactor, TotpFactorStore } from '../accounts/mfa/totp-factor-store.js';
import type { TesseraDb, TotpFactorsTable } from './database.js';

export class SqlTotpFactorStore implements TotpFactorStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async findByUser(userId: string): Promise<TotpFactor | undefined> {
    const row = await this.#db
      .selectFrom('totp_factors')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? toTotpFactor(row) : undefined;
  }

  async savePending(userId: string, sealedSecret: string, now: number): Promise<boolean> {
    const pending = {
      sealed_secret: sealedSecret,
      created_at: now,
      confirmed_at: null,
      last_used_step: null,
    };
    // One statement: a confirmed factor is never overwritten, even by a concurrent enrolment.
    const result = await this.#db
      .insertInto('totp_factors')
      .values({ user_id: userId, ...pending })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet(pending).where('totp_factors.confirmed_at', 'is', null),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async useStep(userId: string, step: number, now: number, confirm: boolean): Promise<boolean> {
    const result = await this.#db
      .updateTable('totp_factors')
      .set(confirm ? { last_used_step: step, confirmed_at: now } : { last_used_step: step })
      .where('user_id', '=', userId)
      .where('confirmed_at', confirm ? 'is' : 'is not', null)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(userId: string): Promise<boolean> {
    const result = await this.#db.deleteFrom('totp_factors').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toTotpFactor(row: Selectable<TotpFactorsTable>): TotpFactor {
  return {
    userId: row.user_id,
    sealedSecret: row.sealed_secret,
    createdAt: Number(row.created_at),
    confirmedAt: row.confirmed_at === null ? null : Number(row.confirmed_at),
    lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
  };
}

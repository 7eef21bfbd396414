// PasskeyStore over Kysely.
import type { Selectable } from 'kysely';
import type { Passkey, PasskeyStore, PasskeyTransport } from '../accounts/mfa/passkey-store.js';
import type { PasskeysTable, TesseraDb } from './database.js';

export class SqlPasskeyStore implements PasskeyStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async add(passkey: Passkey): Promise<boolean> {
    const result = await this.#db
      .insertInto('passkeys')
      .values({
        id: passkey.id,
        user_id: passkey.userId,
        name: passkey.name,
        public_key: passkey.publicKey,
        counter: passkey.counter,
        transports: JSON.stringify(passkey.transports),
        device_type: passkey.deviceType,
        backed_up: passkey.backedUp ? 1 : 0,
        created_at: passkey.createdAt,
        last_used_at: passkey.lastUsedAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async findById(id: string): Promise<Passkey | undefined> {
    const row = await this.#db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPasskey(row) : undefined;
  }

  async listByUser(userId: string): Promise<Passkey[]> {
    const rows = await this.#db
      .selectFrom('passkeys')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toPasskey);
  }

  async countByUser(userId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('passkeys')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async recordUse(
    id: string,
    userId: string,
    counter: number,
    backedUp: boolean,
    now: number,
  ): Promise<boolean> {
    const result = await this.#db
      .updateTable('passkeys')
      .set({ counter, backed_up: backedUp ? 1 : 0, last_used_at: now })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where((eb) => (counter === 0 ? eb('counter', '=', 0) : eb('counter', '<', counter)))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async rename(id: string, userId: string, name: string): Promise<boolean> {
    const result = await this.#db
      .updateTable('passkeys')
      .set({ name })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async remove(id: string, userId: string): Promise<boolean> {
    const result = await this.#db
      .deleteFrom('passkeys')
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function toPasskey(row: Selectable<PasskeysTable>): Passkey {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as PasskeyTransport[],
    deviceType: row.device_type,
    backedUp: Number(row.backed_up) === 1,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}

// Password reset by email: single-use links, stored as SHA-256 hashes only; and a credentials version per user, so
// that changing the password or disabling the account ends every sign-in made before, even one still in flight.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('sessions')
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    // The per-account cap on reset emails: each link takes one of a few numbered slots of its time window, and the
    // unique index makes taking a slot atomic on every database and across instances.
    .addColumn('send_window', 'bigint', (c) => c.notNull())
    .addColumn('send_slot', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('password_resets_send_slot')
    .on('password_resets')
    .columns(['user_id', 'send_window', 'send_slot'])
    .unique()
    .execute();
}

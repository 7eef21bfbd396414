// Sign-up by email: when mail is configured, an account is created only through a link sent to its address, so no
// one can claim an email they do not receive. Only each link's SHA-256 is stored.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signup_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    // As for password resets: a few numbered slots per address and time window, taken under a unique index.
    .addColumn('send_window', 'bigint', (c) => c.notNull())
    .addColumn('send_slot', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('signup_links_send_slot')
    .on('signup_links')
    .columns(['email', 'send_window', 'send_slot'])
    .unique()
    .execute();
}

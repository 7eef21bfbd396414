// Device authorizations (RFC 8628, oauth/device/): the device code's and the user code's SHA-256 (each unique), the
// client and scopes asked for, when and from where, the polling interval and last poll, and the person's answer.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_authorizations')
    .addColumn('device_code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('organization', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('requested_from', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('poll_interval', 'integer', (c) => c.notNull())
    .addColumn('last_polled_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('sid', 'text')
    .addColumn('auth_time', 'bigint')
    .addColumn('amr', 'text')
    .addColumn('organization_id', 'text')
    .execute();
  await db.schema
    .createIndex('device_authorizations_expires_at')
    .on('device_authorizations')
    .column('expires_at')
    .execute();
}

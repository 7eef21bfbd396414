// Invitations to join an organization: an address, the roles it will hold, and the SHA-256 of the emailed link's
// secret (the secret itself is never stored). A link works once, until it expires or is revoked.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organization_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    // Normalized (lower-case): the account that accepts must have this email.
    .addColumn('email', 'text', (c) => c.notNull())
    // JSON arrays: the roles' names as sent (shown to administrators), and their ids, which acceptance gives: a role
    // deleted since, or another made with the same name, is not given in its place.
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('role_ids', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_at', 'bigint')
    .addColumn('accepted_by', 'text')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('organization_invitations_organization_email')
    .on('organization_invitations')
    .columns(['organization_id', 'email'])
    .execute();
  await db.schema
    .createIndex('organization_invitations_expires_at')
    .on('organization_invitations')
    .column('expires_at')
    .execute();
}

// The organizations a user approved for a client (consent is per user, client and organization): a client never gets
// a user's tokens for an organization the user has not approved for it (first-party clients need no consent).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consent_organizations')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('granted_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('consent_organizations_pk', ['user_id', 'client_id', 'organization_id'])
    .execute();
}

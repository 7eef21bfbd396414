// The organizations a user approved for a client (consent is per user, client and organization): a client never gets
// a user's tokens for an organization the user has not approved for it (first-party clients need no consent). And the
// organization each recorded access token is for, so that a member's removal ends their access tokens for it too.
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

  // Null: none (the global roles), as for the tokens recorded before.
  await db.schema.alterTable('grant_access_tokens').addColumn('organization_id', 'text').execute();
  await db.schema
    .createIndex('grant_access_tokens_organization')
    .on('grant_access_tokens')
    .column('organization_id')
    .execute();
}

// Organizations and RBAC: the role catalogue (roles of no organization, shared by all, and the global roles) and each
// organization's own roles, their permissions, memberships with their roles in one table, global role holders; the
// organization a code or refresh token is for; whether a client makes people pick an organization.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Null: the catalogue.
    .addColumn('organization_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // NULLs are distinct in a unique index: the catalogue's names get an index of their own.
  await db.schema
    .createIndex('roles_catalogue_name')
    .on('roles')
    .column('name')
    .unique()
    .where(sql.ref('organization_id'), 'is', null)
    .execute();
  await db.schema
    .createIndex('roles_organization_name')
    .on('roles')
    .columns(['organization_id', 'name'])
    .unique()
    .where(sql.ref('organization_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('role_permissions')
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_permissions_pk', ['role_id', 'permission'])
    .execute();

  // One row per role a member holds: `organization:<id>#<role>`; any row: `organization:<id>#member`.
  await db.schema
    .createTable('organization_members')
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('holder_type', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('organization_members_pk', [
      'organization_id',
      'holder_type',
      'holder_id',
      'role_id',
    ])
    .execute();
  // Reverse reads: a holder's organizations, and who holds a role.
  await db.schema
    .createIndex('organization_members_holder')
    .on('organization_members')
    .columns(['holder_type', 'holder_id'])
    .execute();
  await db.schema
    .createIndex('organization_members_role')
    .on('organization_members')
    .column('role_id')
    .execute();

  await db.schema
    .createTable('global_role_holders')
    .addColumn('holder_type', 'text', (c) => c.notNull())
    .addColumn('holder_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('global_role_holders_pk', ['holder_type', 'holder_id', 'role_id'])
    .execute();
  await db.schema
    .createIndex('global_role_holders_role')
    .on('global_role_holders')
    .column('role_id')
    .execute();

  // Null: no organization (tokens with the global roles), as for everything issued before this migration.
  await db.schema.alterTable('authorization_codes').addColumn('organization_id', 'text').execute();
  await db.schema.alterTable('refresh_tokens').addColumn('organization_id', 'text').execute();
  await db.schema
    .createIndex('refresh_tokens_organization')
    .on('refresh_tokens')
    .column('organization_id')
    .execute();
  // `optional` or `required` (a person in several organizations picks one when the request names none).
  await db.schema
    .alterTable('clients')
    .addColumn('organizations', 'text', (c) => c.notNull().defaultTo('optional'))
    .execute();
}

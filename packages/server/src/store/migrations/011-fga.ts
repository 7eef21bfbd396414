// The relationship engine's storage: OpenFGA stores (each with its own revision counter), immutable authorization
// model versions, tuples indexed for forward (object, relation) and reverse (user, relation, object type) reads, the
// changelog ReadChanges pages through, assertions, and the FGA API's pre-shared tokens (hashed). Times in epoch ms.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fga_stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // The revision of the store's latest write: writers lock this row, so writes to one store are serialized.
    .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await db.schema
    .createTable('fga_authorization_models')
    .addColumn('store_id', 'text', (c) => c.notNull())
    // A ULID: ids sort by creation, so the latest model is the greatest id.
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('schema_version', 'text', (c) => c.notNull())
    /** JSON: {type_definitions, conditions}. */
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fga_authorization_models_pk', ['store_id', 'id'])
    .execute();

  await db.schema
    .createTable('fga_tuples')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('user_type', 'text', (c) => c.notNull())
    // `*` for a public wildcard.
    .addColumn('user_id', 'text', (c) => c.notNull())
    // The relation of a userset user (`group:eng#member`), '' for any other user.
    .addColumn('user_relation', 'text', (c) => c.notNull())
    .addColumn('condition_name', 'text')
    /** JSON object of the condition's own parameter values. */
    .addColumn('condition_context', 'text')
    // The write that stored the tuple, and its place in that write: the Read API's order.
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('written_at', 'bigint', (c) => c.notNull())
    // The tuple's identity; its prefix (store, object type, object id, relation) is the forward index.
    .addPrimaryKeyConstraint('fga_tuples_pk', [
      'store_id',
      'object_type',
      'object_id',
      'relation',
      'user_type',
      'user_id',
      'user_relation',
    ])
    .execute();
  await db.schema
    .createIndex('fga_tuples_reverse')
    .on('fga_tuples')
    .columns(['store_id', 'user_type', 'user_id', 'user_relation', 'relation', 'object_type'])
    .execute();
  await db.schema
    .createIndex('fga_tuples_write_order')
    .on('fga_tuples')
    .columns(['store_id', 'revision', 'ordinal'])
    .execute();

  await db.schema
    .createTable('fga_changes')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('ordinal', 'integer', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('user', 'text', (c) => c.notNull())
    .addColumn('condition_name', 'text')
    .addColumn('condition_context', 'text')
    .addColumn('written_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('fga_changes_pk', ['store_id', 'revision', 'ordinal'])
    .execute();
  await db.schema
    .createIndex('fga_changes_time')
    .on('fga_changes')
    .columns(['store_id', 'written_at'])
    .execute();

  await db.schema
    .createTable('fga_assertions')
    .addColumn('store_id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    /** JSON array of the API's assertions. */
    .addColumn('assertions', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fga_assertions_pk', ['store_id', 'model_id'])
    .execute();

  await db.schema
    .createTable('fga_api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // SHA-256 of the token (crypto/opaque-secret.ts): the token itself is shown once and never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    /** Space-separated fga:read / fga:write / fga:admin. */
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

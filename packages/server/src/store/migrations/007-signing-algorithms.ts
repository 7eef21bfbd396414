// Signing algorithms live in the database, not in each process's environment: one settings row says which algorithm
// signs (and, during a switch, which one signs until when), and each algorithm kept has its own current and next key.
// A client may ask for RS256 ID tokens whatever signs access tokens.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signing_settings')
    // One row: id is always 1.
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('previous_alg', 'text')
    .addColumn('effective_at', 'bigint', (c) => c.notNull())
    .execute();
  // A database made before this migration signs with the algorithm of its current key, from now on by setting.
  await sql`insert into signing_settings (id, alg, previous_alg, effective_at)
    select 1, alg, null, 0 from signing_keys where status = 'current'`.execute(db);

  await db.schema.dropIndex('signing_keys_one_current').execute();
  await db.schema.dropIndex('signing_keys_one_next').execute();
  // At most one signing key and one pre-published key per algorithm, whichever instance races to create them.
  await db.schema
    .createIndex('signing_keys_one_per_algorithm')
    .on('signing_keys')
    .columns(['alg', 'status'])
    .unique()
    .where(sql.ref('status'), '!=', 'retired')
    .execute();

  // OIDC Registration `id_token_signed_response_alg`: null signs ID tokens like access tokens; 'RS256' asks for RS256.
  await db.schema.alterTable('clients').addColumn('id_token_signed_response_alg', 'text').execute();
}

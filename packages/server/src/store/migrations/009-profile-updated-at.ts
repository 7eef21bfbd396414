// Profiles can change (`tessera users update`): keep when a claim about the person last changed, for OIDC updated_at,
// apart from updated_at, which every password change and rehash moves too.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('profile_updated_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  // Until now a profile changed only with the account (or its email_verified with a reset): updated_at is no earlier.
  await sql`update users set profile_updated_at = updated_at`.execute(db);
}

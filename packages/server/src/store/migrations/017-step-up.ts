// Step-up authentication and the account page's list of sessions: each session keeps when its second factor was last
// used (apart from when it began, so an elevated level is judged by its own age) and the browser and network it
// signed in from; codes and grants keep the authentication level (acr) they were issued at, and grants their
// sign-in time, so that refreshed tokens carry the original acr and auth_time; a client may require two factors.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('second_factor_at', 'bigint').execute();
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('ip_address', 'text').execute();
  // Null for codes and grants issued before: their tokens say the password level, as they did.
  await db.schema.alterTable('authorization_codes').addColumn('acr', 'text').execute();
  await db.schema.alterTable('grants').addColumn('acr', 'text').execute();
  await db.schema.alterTable('grants').addColumn('auth_time', 'bigint').execute();
  await db.schema
    .alterTable('clients')
    .addColumn('require_mfa', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

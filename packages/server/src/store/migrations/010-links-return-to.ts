// Sign-up and password-reset links remember the authorization request the person was in when they asked for the link
// (a path into this issuer's /oauth2/authorize, checked by ui/return-to.ts), so the link leads back to the app. It is
// kept with the link, server-side: the emailed URL carries only the token.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Null: no pending request, as for every link sent before this migration.
  await db.schema.alterTable('signup_links').addColumn('return_to', 'text').execute();
  await db.schema.alterTable('password_resets').addColumn('return_to', 'text').execute();
}

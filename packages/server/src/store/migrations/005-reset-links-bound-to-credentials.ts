// A password-reset link records the account's credentials version when it was sent, and works only while that is
// still the account's version: a password change by any means (another link, the CLI) or disabling the account
// ends every link sent before, as Keycloak does with its reset-credentials action tokens.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Links sent before this migration carry version 0: they keep working only for accounts never changed since.
  await db.schema
    .alterTable('password_resets')
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

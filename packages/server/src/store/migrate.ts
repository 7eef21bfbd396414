// Brings a database's schema up to date; the same migrations serve SQLite and PostgreSQL.
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { TesseraDb } from './database.js';
import * as initial from './migrations/001-initial.js';
import * as users from './migrations/002-users.js';
import * as signIn from './migrations/003-sign-in.js';
import * as passwordResets from './migrations/004-password-resets.js';
import * as resetLinksBoundToCredentials from './migrations/005-reset-links-bound-to-credentials.js';
import * as signupLinks from './migrations/006-signup-links.js';
import * as signingAlgorithms from './migrations/007-signing-algorithms.js';
import * as clientWebOrigins from './migrations/008-client-web-origins.js';
import * as profileUpdatedAt from './migrations/009-profile-updated-at.js';
import * as linksReturnTo from './migrations/010-links-return-to.js';
import * as fga from './migrations/011-fga.js';
import * as organizations from './migrations/012-organizations.js';
import * as totp from './migrations/013-totp.js';
import * as organizationConsents from './migrations/014-organization-consents-and-access-tokens.js';
import * as deviceAuthorizations from './migrations/015-device-authorizations.js';
import * as passkeys from './migrations/016-passkeys.js';
import * as stepUp from './migrations/017-step-up.js';
import * as organizationInvitations from './migrations/018-organization-invitations.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-users': users,
  '003-sign-in': signIn,
  '004-password-resets': passwordResets,
  '005-reset-links-bound-to-credentials': resetLinksBoundToCredentials,
  '006-signup-links': signupLinks,
  '007-signing-algorithms': signingAlgorithms,
  '008-client-web-origins': clientWebOrigins,
  '009-profile-updated-at': profileUpdatedAt,
  '010-links-return-to': linksReturnTo,
  '011-fga': fga,
  '012-organizations': organizations,
  '013-totp': totp,
  '014-organization-consents-and-access-tokens': organizationConsents,
  '015-device-authorizations': deviceAuthorizations,
  '016-passkeys': passkeys,
  '017-step-up': stepUp,
  '018-organization-invitations': organizationInvitations,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationOutcome {
  applied: string[];
}

const migratorFor = (db: TesseraDb) =>
  new Migrator({
    db,
    provider,
    migrationTableName: 'tessera_migrations',
    migrationLockTableName: 'tessera_migrations_lock',
    // Numbers are reserved by the branches that add migrations, which merge in any order (013 before 011 and 012):
    // a database that ran a later one must still get an earlier one that arrives afterwards. Each migration touches
    // only its own tables and columns, so their order between branches does not matter; within one database they
    // still run in name order.
    allowUnorderedMigrations: true,
  });

/** How many migrations this version of Tessera has. */
export const MIGRATION_COUNT = Object.keys(MIGRATIONS).length;

/** The migrations not yet applied to `db`, without changing anything (no table is created). */
export async function pendingMigrations(db: TesseraDb): Promise<string[]> {
  const migrations = await migratorFor(db).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

export async function migrateToLatest(db: TesseraDb): Promise<MigrationOutcome> {
  const migrator = migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

// Brings a database's schema up to date; the same migrations serve SQLite and PostgreSQL.
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { TesseraDb } from './database.js';
import * as initial from './migrations/001-initial.js';
import * as users from './migrations/002-users.js';
import * as signIn from './migrations/003-sign-in.js';
import * as passwordResets from './migrations/004-password-resets.js';
import * as resetLinksBoundToCredentials from './migrations/005-reset-links-bound-to-credentials.js';
import * as signupLinks from './migrations/006-signup-links.js';

const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-users': users,
  '003-sign-in': signIn,
  '004-password-resets': passwordResets,
  '005-reset-links-bound-to-credentials': resetLinksBoundToCredentials,
  '006-signup-links': signupLinks,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: TesseraDb): Promise<MigrationOutcome> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'tessera_migrations',
    migrationLockTableName: 'tessera_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

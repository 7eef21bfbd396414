// Opens the configured database (SQLite file or PostgreSQL) as one Kysely instance.
import { Kysely } from 'kysely';
import type { DatabaseConfig } from '../config/config.js';
import type { Database, Dialect, TesseraDb } from './database.js';
import { createPostgresDialect, type PostgresPoolOptions } from './postgres/postgres-dialect.js';
import { createSqliteDialect } from './sqlite/sqlite-dialect.js';
import { registerSqliteReadConnection } from './sqlite/sqlite-read-connection.js';

export interface OpenedDatabase {
  db: TesseraDb;
  dialect: Dialect;
}

export interface OpenDatabaseOptions extends PostgresPoolOptions {
  /** Whether a missing SQLite file may be created (serve, migrate); default true. */
  create?: boolean;
}

export function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions = {}): OpenedDatabase {
  if (config.kind === 'postgres') {
    const dialect = createPostgresDialect(config.url, options);
    return { db: new Kysely<Database>({ dialect }), dialect: 'postgres' };
  }
  const { dialect, reads } = createSqliteDialect(config.file, options.create ?? true);
  const db = new Kysely<Database>({ dialect });
  if (reads) registerSqliteReadConnection(db, reads);
  return { db, dialect: 'sqlite' };
}

// Opens the configured database (SQLite file or PostgreSQL) as one Kysely instance.
import { Kysely } from 'kysely';
import type { DatabaseConfig } from '../config/config.js';
import type { Database, Dialect, TesseraDb } from './database.js';
import { createPostgresDialect } from './postgres/postgres-dialect.js';
import { createSqliteDialect } from './sqlite/sqlite-dialect.js';

export interface OpenedDatabase {
  db: TesseraDb;
  dialect: Dialect;
}

export function openDatabase(config: DatabaseConfig): OpenedDatabase {
  if (config.kind === 'postgres') {
    return { db: new Kysely<Database>({ dialect: createPostgresDialect(config.url) }), dialect: 'postgres' };
  }
  return { db: new Kysely<Database>({ dialect: createSqliteDialect(config.file) }), dialect: 'sqlite' };
}

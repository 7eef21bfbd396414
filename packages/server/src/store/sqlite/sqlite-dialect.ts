// Opens the embedded SQLite database (better-sqlite3, WAL) as a Kysely dialect.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { SqliteReadConnection } from './sqlite-read-connection.js';

/** Statements are compiled once per distinct SQL text; Kysely's SQL is parameterised, so the set stays small. */
const MAX_CACHED_STATEMENTS = 500;

export interface SqliteDialectAndReads {
  readonly dialect: SqliteDialect;
  /** The read-only second connection (none for `:memory:`, which a second connection would not see). */
  readonly reads: SqliteReadConnection | undefined;
}

/** With `create` false the file must exist already: a command pointed at the wrong place makes no new database. */
export function createSqliteDialect(file: string, create = true): SqliteDialectAndReads {
  if (create && file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const database = new SQLite(file, { fileMustExist: !create });
  // WAL lets the CLI and a running server use the same file; busy_timeout waits out the other's write lock.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // Reads come from memory-mapped pages and a larger page cache instead of read() calls into the WAL and file.
  database.pragma('mmap_size = 268435456');
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
  const reads = file === ':memory:' ? undefined : new SqliteReadConnection(file);
  if (reads) {
    // Kysely's destroy() closes the main connection: the read connection goes with it.
    const close = database.close.bind(database);
    database.close = (() => {
      reads.close();
      return close();
    }) as SQLite.Database['close'];
  }
  return { dialect: new SqliteDialect({ database: withStatementCache(database) }), reads };
}

// Kysely prepares every query anew; on the token endpoint's client lookup that costs as much as running it.
function withStatementCache(database: SQLite.Database): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= MAX_CACHED_STATEMENTS) statements.clear();
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }) as SQLite.Database['prepare'];
  return database;
}

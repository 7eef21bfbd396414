// A second, read-only connection to the SQLite file, for reads that need not wait for Kysely's one connection: the
// FGA tuple store answers Check's reads through it synchronously (better-sqlite3 is synchronous), with no promise per
// read. WAL mode lets it read while the main connection writes; it sees only committed data, as Kysely's own reads
// do (they wait for an open transaction to end). Opened on first use, closed with the main connection.
import SQLite from 'better-sqlite3';

/** Distinct statements kept: their SQL depends only on the shape of a read (how many users, which user types). */
const MAX_CACHED_STATEMENTS = 500;

export class SqliteReadConnection {
  readonly #file: string;
  #database: SQLite.Database | undefined;
  readonly #statements = new Map<string, SQLite.Statement>();

  constructor(file: string) {
    this.#file = file;
  }

  /** The prepared statement of `sql`, compiled once. */
  statement(sql: string): SQLite.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      statement = this.#open().prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#database?.close();
    this.#database = undefined;
  }

  #open(): SQLite.Database {
    if (!this.#database) {
      const database = new SQLite(this.#file, { readonly: true, fileMustExist: true });
      database.pragma('busy_timeout = 5000');
      database.pragma('mmap_size = 268435456');
      database.pragma('cache_size = -65536');
      this.#database = database;
    }
    return this.#database;
  }
}

const connections = new WeakMap<object, SqliteReadConnection>();

/** Records the read connection of a Kysely instance over a SQLite file (openDatabase does). */
export function registerSqliteReadConnection(db: object, connection: SqliteReadConnection): void {
  connections.set(db, connection);
}

/** The read connection of a Kysely instance, when it is over a SQLite file; undefined for PostgreSQL or `:memory:`. */
export function sqliteReadConnectionOf(db: object): SqliteReadConnection | undefined {
  return connections.get(db);
}

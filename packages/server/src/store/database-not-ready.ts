// Why a command cannot use the database it was pointed at, with what to do about it.

import { isAbsolute } from 'node:path';
import type { DatabaseConfig } from '../config/config.js';
import { TesseraError } from '../tessera-error.js';

export type DatabaseNotReadyCode = 'database_missing' | 'database_not_migrated';

export class DatabaseNotReadyError extends TesseraError {
  constructor(
    readonly code: DatabaseNotReadyCode,
    message: string,
  ) {
    super(message);
    this.name = 'DatabaseNotReadyError';
  }
}

/** The database as people name it, without its password: `SQLite file /…/tessera.db`, `PostgreSQL db at host:5432`. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return `SQLite file ${config.file}`;
  const url = new URL(config.url);
  const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default)';
  const user = url.username === '' ? '' : `${decodeURIComponent(url.username)}@`;
  return `PostgreSQL database ${name} at ${user}${url.hostname}:${url.port || '5432'}`;
}

/** PostgreSQL's SQLSTATE 3D000 (invalid_catalog_name): the database named in the URL does not exist. */
export function missingPostgresDatabase(
  error: unknown,
  config: DatabaseConfig,
): DatabaseNotReadyError | undefined {
  if (config.kind !== 'postgres' || (error as { code?: unknown })?.code !== '3D000') return undefined;
  const url = new URL(config.url);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const options = [
    `-h ${url.hostname}`,
    url.port ? `-p ${url.port}` : '',
    url.username ? `-U ${decodeURIComponent(url.username)}` : '',
  ].filter((o) => o !== '');
  return new DatabaseNotReadyError(
    'database_missing',
    `${describeDatabase(config)} does not exist: create it first, e.g. \`createdb ${options.join(' ')} ${name}\``,
  );
}

export function noSqliteFile(
  config: DatabaseConfig & { kind: 'sqlite' },
  dataDir: string,
): DatabaseNotReadyError {
  const where = isAbsolute(config.file) ? config.file : `./${config.file}`;
  return new DatabaseNotReadyError(
    'database_missing',
    `no Tessera database at ${where} (data dir ${dataDir}): start the server once (\`tessera serve\`) or run ` +
      '`tessera migrate`, or point TESSERA_DATA_DIR or DATABASE_URL at the database your server uses',
  );
}

export function notMigrated(config: DatabaseConfig, pending: string[], total: number): DatabaseNotReadyError {
  const state =
    pending.length === total ? 'has no Tessera schema' : `is behind by ${pending.length} migration(s)`;
  return new DatabaseNotReadyError(
    'database_not_migrated',
    `${describeDatabase(config)} ${state}: run \`tessera migrate\` (or start \`tessera serve\`) first`,
  );
}

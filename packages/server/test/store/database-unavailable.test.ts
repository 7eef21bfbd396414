// Which database errors mean "unavailable, retry shortly" (503) rather than a failed query: real errors from
// better-sqlite3 and pg, not hand-made ones.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/store/database-unavailable.js';
import { freePort } from '../support/free-port.js';
import { POSTGRES_ADMIN_URL, postgresAvailable } from '../support/postgres-database.js';

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const withPostgres = await postgresAvailable();

describe('isDatabaseUnavailable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-unavailable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is true for SQLite busy (another connection holds the write lock), false for a failed statement', () => {
    const file = join(dir, 'busy.db');
    const holder = new SQLite(file);
    const other = new SQLite(file);
    try {
      holder.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
      other.pragma('busy_timeout = 0');
      holder.exec('BEGIN IMMEDIATE');
      expect(isDatabaseUnavailable(errorOf(() => other.exec('INSERT INTO t VALUES (1)')))).toBe(true);
      holder.exec('COMMIT');
      other.exec('INSERT INTO t VALUES (1)');
      expect(isDatabaseUnavailable(errorOf(() => other.exec('INSERT INTO t VALUES (1)')))).toBe(false);
      expect(isDatabaseUnavailable(errorOf(() => other.exec('SELECT * FROM missing')))).toBe(false);
    } finally {
      holder.close();
      other.close();
    }
  });

  it('is true when PostgreSQL cannot be reached', async () => {
    const closedPort = await freePort();
    const unreachable = new pg.Client({ host: '127.0.0.1', port: closedPort, user: 'postgres' });
    const refused = await unreachable.connect().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
  });

  it.runIf(withPostgres)('is false for a query PostgreSQL refuses', async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await client.connect();
    try {
      const failed = await client.query('SELECT * FROM no_such_table_here').then(
        () => undefined,
        (error: unknown) => error,
      );
      expect((failed as { code?: string }).code).toBe('42P01');
      expect(isDatabaseUnavailable(failed)).toBe(false);
    } finally {
      await client.end();
    }
  });

  it('is false for a client hanging up on its own request (ECONNRESET, but not a socket of ours)', async () => {
    const aborted = new Promise<unknown>((resolve) => {
      const server = createServer(async (request) => {
        try {
          for await (const _ of request);
        } catch (error) {
          resolve(error);
        } finally {
          server.close();
        }
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf a body');
          setTimeout(() => socket.destroy(), 50);
        });
      });
    });
    const error = await aborted;
    expect((error as { code?: string }).code).toBe('ECONNRESET');
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('is false for anything that is not an Error', () => {
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPostgresDatabase,
  postgresAvailable,
  type TestPostgresDatabase,
} from '../support/postgres-database.js';
import { runCli, runCliIn } from '../support/run-cli.js';

const withPostgres = await postgresAvailable();

// SECURITY.md §5: read-only CLI commands never change state in the database they point at. No command but serve and
// migrate creates a database, a data dir, a master key or a table.
describe('which database a command works on', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tessera-selection-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const commands = [
    ['keys', 'list'],
    ['clients', 'list'],
    ['users', 'list'],
    ['roles', 'list'],
    ['orgs', 'list'],
    ['orgs', 'members', 'acme'],
    ['clients', 'create', '--name', 'x', '--grant-types', 'client_credentials'],
  ];

  it('without a database, commands say so and point to `tessera migrate`, creating nothing', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty);
    for (const command of commands) {
      const result = await runCliIn(empty, command, {});
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^tessera: database_missing: no Tessera database at .*tessera migrate/);
      expect(result.stderr).toContain(join(empty, '.tessera'));
    }
    expect(readdirSync(empty)).toEqual([]);
  });

  it('from a subdirectory, commands use the data dir the server made above it, and --verbose says so', async () => {
    const checkout = join(root, 'checkout');
    const nested = join(checkout, 'packages', 'server');
    mkdirSync(nested, { recursive: true });
    expect((await runCliIn(checkout, ['migrate'], {})).status).toBe(0);
    const created = await runCliIn(
      nested,
      ['clients', 'create', '--name', 'x', '--grant-types', 'client_credentials'],
      {},
    );
    expect(created.status).toBe(0);
    const listed = await runCliIn(nested, ['--verbose', 'clients', 'list', '--json'], {});
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
    expect(listed.stderr).toBe(
      `data dir: ${join(checkout, '.tessera')}\ndatabase: SQLite file ${join(checkout, '.tessera', 'tessera.db')}\n`,
    );
    expect(existsSync(join(nested, '.tessera'))).toBe(false);
  });

  // Runs whenever PostgreSQL answers, and always under CI=true (where it fails loudly if PostgreSQL is down).
  describe.runIf(withPostgres)('on PostgreSQL', () => {
    let database: TestPostgresDatabase;
    beforeAll(async () => {
      database = await createTestPostgresDatabase();
    });
    afterAll(async () => database?.drop());

    async function tables(): Promise<string[]> {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
        );
        return rows.map((r) => r.table_name);
      } finally {
        await client.end();
      }
    }

    it('an empty database is not migrated by read-only or write commands: they point to `tessera migrate`', async () => {
      const dataDir = join(root, 'pg-data');
      for (const command of commands) {
        const result = await runCli(command, { DATABASE_URL: database.url, TESSERA_DATA_DIR: dataDir });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(
          /^tessera: database_not_migrated: PostgreSQL database tessera_test_\w+ at \S+:\d+ has no Tessera schema: run `tessera migrate`/,
        );
      }
      expect(await tables()).toEqual([]);
      expect(existsSync(dataDir)).toBe(false);

      const migrated = await runCli(['--verbose', 'migrate'], {
        DATABASE_URL: database.url,
        TESSERA_DATA_DIR: dataDir,
      });
      expect(migrated.status).toBe(0);
      expect(migrated.stderr).toContain('database: PostgreSQL database tessera_test_');
      expect(migrated.stdout).toMatch(
        /^applied 001-initial\n(applied \S+\n)+PostgreSQL database .* schema up to date\n$/,
      );
      expect(await tables()).toContain('signing_keys');
    });

    it('a PostgreSQL database that does not exist is named, with the createdb command to make it', async () => {
      const url = new URL(database.url);
      url.pathname = '/tessera_no_such_db';
      const result = await runCli(['migrate'], {
        DATABASE_URL: url.toString(),
        TESSERA_DATA_DIR: join(root, 'pg-none'),
      });
      expect(result.status).toBe(1);
      const user = url.username === '' ? '' : ` -U ${url.username}`;
      expect(result.stderr).toContain(
        'tessera: database_missing: PostgreSQL database tessera_no_such_db at ',
      );
      expect(result.stderr).toContain(
        `does not exist: create it first, e.g. \`createdb -h ${url.hostname} -p ${url.port}${user} tessera_no_such_db\``,
      );
    });
  });
});

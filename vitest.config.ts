import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import pg from 'pg';
import { defineConfig } from 'vitest/config';

const POSTGRES_SERVER_URL =
  process.env.TESSERA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The HTTP suites: every server test file that starts a test server and does not pick its database itself. The
 * `postgres` project runs them again with DATABASE_URL set, and each test server then keeps its state in a database of
 * its own there (test/support/test-server.ts).
 */
function httpSuites(): string[] {
  const root = 'packages/server/test';
  return ['accounts', 'admin', 'authz', 'http', 'oauth'].flatMap((dir) =>
    readdirSync(`${root}/${dir}`, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => `${root}/${dir}/${file}`)
      .filter((path) => {
        const text = readFileSync(path, 'utf8');
        // A suite whose FGA data is in the server's memory gains nothing from PostgreSQL.
        const fgaInMemory = text.includes("TESSERA_FGA_DATASTORE: 'memory'");
        return text.includes('startTestServer(') && !text.includes('DATABASE_URL') && !fgaInMemory;
      }),
  );
}

/** Under CI=true PostgreSQL must be there (its suites fail if it is not); elsewhere they run when it answers. */
async function postgresAnswers(): Promise<boolean> {
  if (process.env.CI === 'true') return true;
  const client = new pg.Client({ connectionString: POSTGRES_SERVER_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    process.stderr.write(
      `PostgreSQL is not reachable at ${POSTGRES_SERVER_URL}: the postgres project is not run\n`,
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default defineConfig(async () => ({
  test: {
    pool: 'forks',
    // Test files share a worker's module cache instead of re-importing Fastify, Kysely and the server for each of
    // the ~100 files (measured on 2 cores: the oauth suites 21 s -> 5 s). It is safe because no test changes
    // process-wide state (no vi.mock, fake timers, process.env writes or chdir: the clock, costs and environment
    // are injected), and each project still runs in its own processes with its own env.
    isolate: false,
    // Vitest's default is one worker less than the machine's cores: one worker on a 2-core machine. The suites wait
    // on PostgreSQL, Chromium and spawned servers often enough that two keep both cores busy (measured on 2 cores:
    // the whole run 191 s -> 125 s), so never fewer than two.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache), so the second project reuses
    // what the first transformed and later runs reuse all of it (measured on 2 cores, one file pair in both projects:
    // transform 31 s -> 17 s cold, 4 s warm). Keys are each file's content and the config; there are no plugins.
    experimental: { fsModuleCache: true },
    // One migrated SQLite file and PostgreSQL template per run, copied by each test server instead of migrating anew.
    globalSetup: ['packages/server/test/support/migrated-templates.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['packages/*/test/**/*.test.ts', 'e2e/**/*.test.ts'] },
      },
      ...((await postgresAnswers())
        ? [
            {
              extends: true,
              test: { name: 'postgres', include: httpSuites(), env: { DATABASE_URL: POSTGRES_SERVER_URL } },
            },
          ]
        : []),
    ],
  },
}));

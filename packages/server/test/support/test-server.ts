// Starts a real Tessera server in-process on 127.0.0.1 with its own data dir (and cheap costs, test-costs.ts), and
// registers clients for tests.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { inject } from 'vitest';
import type { PasswordHasher } from '../../src/accounts/password-hasher.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { type ClientRegistration, registerClient } from '../../src/oauth/clients/register-client.js';
import { openRuntime, type Runtime } from '../../src/service/open-runtime.js';
import { type RunningServer, startServer } from '../../src/service/start-server.js';
import { freePort } from './free-port.js';
// The values inject() reads here are provided by the run's global setup, which declares their types.
import type {} from './migrated-templates.js';
import {
  createTestPostgresDatabase,
  emptyTestPostgresDatabase,
  type TestPostgresDatabase,
} from './postgres-database.js';
import { TEST_SMTP_TIMEOUTS, testKeyPairs, testPasswordHasher } from './test-costs.js';

export interface TestServer {
  issuer: string;
  dataDir: string;
  env: Record<string, string>;
  runtime: Runtime;
  server: RunningServer;
  /** The server's password hasher (cheap argon2 parameters, test-costs.ts): hash test accounts' passwords with it. */
  passwordHasher: PasswordHasher;
  /** Everything the server logged, as raw text. */
  logs(): string;
  createClient(
    registration?: Partial<ClientRegistration>,
  ): Promise<{ clientId: string; clientSecret: string }>;
  /** Stops the server; the data dir is kept until `cleanup`. */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse a data dir (and its keys) from an earlier server. */
  dataDir?: string;
  /** Reuse an earlier server's port, so its issuer stays the same. */
  port?: number;
  /** The device flow's polling interval, for tests of clients that really wait it (5 s unless set). */
  devicePollIntervalSeconds?: number;
}

/**
 * Set for the `postgres` Vitest project (vitest.config.ts): the PostgreSQL server on which each test server then keeps
 * its state, in a database of its own, instead of SQLite in its data dir. A test that sets DATABASE_URL itself wins.
 */
const POSTGRES_SERVER_URL = process.env.DATABASE_URL;
/** The database each data dir's server uses, so a server restarted on the same data dir finds its state again. */
const postgresByDataDir = new Map<string, TestPostgresDatabase>();
/**
 * Databases of servers cleaned up in this worker, emptied, for the next server (measured on a loaded 2-core machine:
 * a start-up 700 ms -> 110–200 ms, emptying at cleanup 100–190 ms, against CREATE DATABASE … TEMPLATE's 0.5–1.8 s). What is
 * left at the end of the run is dropped by the global setup's teardown (migrated-templates.ts).
 */
const emptiedPostgres: TestPostgresDatabase[] = [];

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-test-'));
  // A new data dir starts from a copy of the run's migrated SQLite file (migrated-templates.ts): the server's own
  // migration step then finds nothing to do.
  if (
    options.dataDir === undefined &&
    POSTGRES_SERVER_URL === undefined &&
    options.env?.DATABASE_URL === undefined
  )
    copyFileSync(inject('migratedSqliteFile'), join(dataDir, 'tessera.db'));
  let ownDatabase: TestPostgresDatabase | undefined;
  if (POSTGRES_SERVER_URL !== undefined && options.env?.DATABASE_URL === undefined) {
    ownDatabase = postgresByDataDir.get(dataDir);
    if (!ownDatabase) {
      ownDatabase =
        emptiedPostgres.pop() ?? (await createTestPostgresDatabase(POSTGRES_SERVER_URL, { migrated: true }));
      postgresByDataDir.set(dataDir, ownDatabase);
    }
  }
  const env: Record<string, string> = {
    ...(ownDatabase && { DATABASE_URL: ownDatabase.url }),
    PORT: String(port),
    HOST: '127.0.0.1',
    TESSERA_ISSUER: `http://127.0.0.1:${port}`,
    TESSERA_DATA_DIR: dataDir,
    TESSERA_LOG_LEVEL: 'debug',
    NODE_ENV: 'test',
    ...options.env,
  };
  let logText = '';
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      logText += chunk.toString();
      callback();
    },
  });
  const config = loadConfig(env);
  const runtime = await openRuntime(config, pino({ level: 'debug' }, sink), options.clock, 'create', {
    generateKeyPair: testKeyPairs,
  });
  if (ownDatabase && runtime.dialect !== 'postgres') {
    await runtime.close();
    throw new Error(`the postgres project's test server opened ${runtime.dialect}, not PostgreSQL`);
  }
  const server = await startServer(runtime, true, {
    passwordHasher: testPasswordHasher,
    smtpTimeouts: TEST_SMTP_TIMEOUTS,
    ...(options.devicePollIntervalSeconds !== undefined && {
      devicePollIntervalSeconds: options.devicePollIntervalSeconds,
    }),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
    await runtime.close();
  };
  return {
    issuer: config.issuer,
    dataDir,
    env,
    runtime,
    server,
    passwordHasher: testPasswordHasher,
    logs: () => logText,
    createClient: async (registration = {}) => {
      const { client, clientSecret } = await registerClient(
        {
          name: 'test client',
          grantTypes: ['client_credentials'],
          scopes: ['read', 'write'],
          audience: 'https://api.example.com',
          ...registration,
        },
        runtime.stores.clients,
        runtime.clock,
      );
      return { clientId: client.id, clientSecret: clientSecret ?? '' };
    },
    stop,
    cleanup: async () => {
      await stop();
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        postgresByDataDir.delete(dataDir);
        if (ownDatabase) {
          await emptyTestPostgresDatabase(ownDatabase);
          emptiedPostgres.push(ownDatabase);
        }
      }
    },
  };
}

export function basicAuth(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

export async function postForm(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

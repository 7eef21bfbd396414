// Migration 008 on a database that already has clients: their redirect URIs' origins become allowed, on both backends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Migration, Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { TesseraDb } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import * as initial from '../../src/store/migrations/001-initial.js';
import * as users from '../../src/store/migrations/002-users.js';
import * as signIn from '../../src/store/migrations/003-sign-in.js';
import * as passwordResets from '../../src/store/migrations/004-password-resets.js';
import * as resetLinks from '../../src/store/migrations/005-reset-links-bound-to-credentials.js';
import * as signupLinks from '../../src/store/migrations/006-signup-links.js';
import * as signingAlgorithms from '../../src/store/migrations/007-signing-algorithms.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createSqlStores } from '../../src/store/stores.js';
import { createTestPostgresDatabase, postgresAvailable } from '../support/postgres-database.js';

/** The schema as it was before web origins, under the names migrate.ts records. */
const BEFORE: Record<string, Migration> = {
  '001-initial': initial,
  '002-users': users,
  '003-sign-in': signIn,
  '004-password-resets': passwordResets,
  '005-reset-links-bound-to-credentials': resetLinks,
  '006-signup-links': signupLinks,
  '007-signing-algorithms': signingAlgorithms,
};

async function migrateToBefore(db: TesseraDb): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => BEFORE },
    migrationTableName: 'tessera_migrations',
    migrationLockTableName: 'tessera_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}

const pgAvailable = await postgresAvailable();
const backends: {
  name: string;
  enabled: boolean;
  open(): Promise<{ db: TesseraDb; close(): Promise<void> }>;
}[] = [
  {
    name: 'SQLite',
    enabled: true,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'tessera-migration-'));
      const { db } = openDatabase({ kind: 'sqlite', file: join(dir, 'tessera.db') });
      return {
        db,
        close: async () => {
          await db.destroy();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    enabled: pgAvailable,
    async open() {
      const database = await createTestPostgresDatabase();
      const { db } = openDatabase({ kind: 'postgres', url: database.url });
      return {
        db,
        close: async () => {
          await db.destroy();
          await database.drop();
        },
      };
    },
  },
];

for (const backend of backends) {
  describe.runIf(backend.enabled)(`client web origins migration: ${backend.name}`, () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(() => close?.());

    it("allows the origins of existing clients' http(s) redirect URIs, and lists no explicit origins", async () => {
      const opened = await backend.open();
      close = opened.close;
      const { db } = opened;
      await migrateToBefore(db);
      // A row as the earlier schema stored it (without allowed_origins: hence `as never`).
      await db
        .insertInto('clients')
        .values({
          id: 'spa',
          name: 'SPA',
          secret_hash: null,
          auth_method: 'none',
          grant_types: '["authorization_code"]',
          scope: '',
          audience: null,
          resources: '[]',
          jwks: null,
          access_token_ttl: 900,
          created_at: 1_800_000_000,
          redirect_uris: JSON.stringify([
            'https://spa.example.com/callback',
            'http://127.0.0.1:5173/cb',
            'com.example.app:/cb',
          ]),
          post_logout_redirect_uris: '[]',
          first_party: 0,
        } as never)
        .execute();

      expect((await migrateToLatest(db)).applied).toContain('008-client-web-origins');
      const clients = createSqlStores(db).clients;
      expect(await clients.anyClientAllowsOrigin('https://spa.example.com')).toBe(true);
      expect(await clients.anyClientAllowsOrigin('http://127.0.0.1:5173')).toBe(true);
      expect(await clients.anyClientAllowsOrigin('null')).toBe(false);
      expect((await clients.findById('spa'))?.allowedOrigins).toEqual([]);
    });
  });
}

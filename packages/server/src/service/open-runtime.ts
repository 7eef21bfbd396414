// Opens what every command needs: master key, database and stores. Used by `serve` and by the CLI alike.
//
// Two modes. `create` is what `serve` and `migrate` do: make the data dir and master key when missing, and migrate.
// `existing` is what every other command does: use the database and key that are there, change nothing, and say
// what is missing (a command run from the wrong directory, or against the wrong DATABASE_URL, must not make a new
// database, a new master key or new tables there).
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../clock.js';
import type { Config, SigningAlgorithm } from '../config/config.js';
import { describeMasterKey, ensureDataDir, type MasterKey, resolveMasterKey } from '../config/master-key.js';
import { SecretBox } from '../crypto/secret-box.js';
import type { Dialect, TesseraDb } from '../store/database.js';
import { missingPostgresDatabase, noSqliteFile, notMigrated } from '../store/database-not-ready.js';
import { MIGRATION_COUNT, migrateToLatest, pendingMigrations } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { createSqlStores, type Stores } from '../store/stores.js';
import { KeyRing, type KeyRingOptions } from '../tokens/key-ring.js';
import type { GenerateKeyPair } from '../tokens/signing-key.js';
import { JWKS_MAX_AGE_SECONDS, MAX_ACCESS_TOKEN_TTL_SECONDS } from '../tokens/token-lifetimes.js';

/** How often an instance re-reads signing keys, so a rotation anywhere reaches it. */
export const KEY_REFRESH_INTERVAL_SECONDS = 10;

export type RuntimeMode = 'create' | 'existing';

export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: TesseraDb;
  dialect: Dialect;
  stores: Stores;
  /** The migrations this opening applied (only in `create` mode). */
  appliedMigrations: string[];
  /** Encrypts and decrypts with the master key, resolved on first use (in `existing` mode never generated). */
  secretBox(): SecretBox;
  /** Creates the first keys (of `initialAlg`, else RS256) when there are none (key-ring.ts). */
  openKeyRing(initialAlg: SigningAlgorithm | undefined): Promise<KeyRing>;
  /** The keys as they are, changing nothing. */
  loadKeyRing(): Promise<KeyRing>;
  close(): Promise<void>;
}

/** The costly parts a caller may replace (tests: pre-made key pairs instead of slow RSA generation). */
export interface RuntimeOptions {
  generateKeyPair?: GenerateKeyPair;
}

export async function openRuntime(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
  mode: RuntimeMode = 'create',
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const create = mode === 'create';
  if (create && config.database.kind === 'sqlite') ensureDataDir(config.dataDir);
  if (!create && config.database.kind === 'sqlite' && !existsSync(config.database.file))
    throw noSqliteFile(config.database, config.dataDir);

  const { db, dialect } = openDatabase(config.database, {
    create,
    onIdleConnectionError: (error) =>
      logger.warn(
        { err: { code: (error as { code?: string }).code, message: error.message } },
        'a database connection broke; it is replaced on next use',
      ),
  });
  let box: SecretBox | undefined;
  const secretBox = () => {
    if (!box) {
      const masterKey = resolveMasterKey(config.masterKey, config.dataDir, create);
      warnAboutKeyFile(masterKey, config, logger);
      box = new SecretBox(masterKey.key, describeMasterKey(masterKey));
    }
    return box;
  };
  let appliedMigrations: string[] = [];
  // What fails here closes the database again: a command run in-process (the tests') keeps no connection behind.
  try {
    if (create) {
      ({ applied: appliedMigrations } = await migrateToLatest(db));
      if (appliedMigrations.length > 0) logger.info({ applied: appliedMigrations }, 'database migrated');
    } else {
      const pending = await pendingMigrations(db);
      if (pending.length > 0) throw notMigrated(config.database, pending, MIGRATION_COUNT);
    }
    // serve and migrate set the data dir up completely, master key included.
    if (create) secretBox();
  } catch (error) {
    await db.destroy();
    throw missingPostgresDatabase(error, config.database) ?? error;
  }

  const stores = createSqlStores(db, clock);
  const keyRingOptions = (): KeyRingOptions => ({
    store: stores.signingKeys,
    box: secretBox(),
    clock,
    rotationIntervalSeconds: config.keyRotationIntervalSeconds,
    // Other instances may sign with a retired key until their next refresh; keep it published that much longer.
    retiredKeyRetentionSeconds: MAX_ACCESS_TOKEN_TTL_SECONDS + 3 * KEY_REFRESH_INTERVAL_SECONDS,
    // A new algorithm's keys sign only once verifiers' cached key sets, and every instance, have them: twice the
    // JWKS max-age, since a shared cache may hand out a copy as old as max-age for max-age more.
    publicationDelaySeconds: 2 * JWKS_MAX_AGE_SECONDS + 3 * KEY_REFRESH_INTERVAL_SECONDS,
    logger,
    generateKeyPair: options.generateKeyPair,
  });
  return {
    config,
    logger,
    clock,
    db,
    dialect,
    stores,
    appliedMigrations,
    secretBox,
    openKeyRing: (alg) => KeyRing.open(keyRingOptions(), alg),
    loadKeyRing: () => KeyRing.load(keyRingOptions()),
    close: () => db.destroy(),
  };
}

function warnAboutKeyFile(masterKey: MasterKey, config: Config, logger: Logger): void {
  if (masterKey.source === 'environment' || config.development) return;
  logger.warn(
    { file: masterKey.file },
    'TESSERA_MASTER_KEY is not set: using a key file in the data directory. Set TESSERA_MASTER_KEY from a secret store in production.',
  );
}

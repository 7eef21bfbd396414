// Opens what every command needs: master key, database (migrated) and stores. Used by `serve` and by the CLI alike.
import type { Logger } from 'pino';
import { type Clock, systemClock } from '../clock.js';
import type { Config } from '../config/config.js';
import { type MasterKey, resolveMasterKey } from '../config/master-key.js';
import { SecretBox } from '../crypto/secret-box.js';
import type { Dialect, TesseraDb } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { openDatabase } from '../store/open-database.js';
import { createSqlStores, type Stores } from '../store/stores.js';
import { KeyRing } from '../tokens/key-ring.js';
import { MAX_ACCESS_TOKEN_TTL_SECONDS } from '../tokens/token-lifetimes.js';

/** How often an instance re-reads signing keys, so a rotation anywhere reaches it. */
export const KEY_REFRESH_INTERVAL_SECONDS = 10;

export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: TesseraDb;
  dialect: Dialect;
  stores: Stores;
  box: SecretBox;
  masterKey: MasterKey;
  openKeyRing(): Promise<KeyRing>;
  close(): Promise<void>;
}

export async function openRuntime(
  config: Config,
  logger: Logger,
  clock: Clock = systemClock,
): Promise<Runtime> {
  const masterKey = resolveMasterKey(config.masterKey, config.dataDir);
  if (masterKey.source !== 'environment' && !config.development) {
    logger.warn(
      { file: masterKey.file },
      'TESSERA_MASTER_KEY is not set: using a key file in the data directory. Set TESSERA_MASTER_KEY from a secret store in production.',
    );
  }
  const { db, dialect } = openDatabase(config.database, {
    onIdleConnectionError: (error) =>
      logger.warn(
        { err: { code: (error as { code?: string }).code, message: error.message } },
        'a database connection broke; it is replaced on next use',
      ),
  });
  try {
    const { applied } = await migrateToLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const stores = createSqlStores(db);
  const box = new SecretBox(masterKey.key);
  return {
    config,
    logger,
    clock,
    db,
    dialect,
    stores,
    box,
    masterKey,
    openKeyRing: () =>
      KeyRing.open({
        store: stores.signingKeys,
        box,
        clock,
        alg: config.signingAlg,
        rotationIntervalSeconds: config.keyRotationIntervalSeconds,
        // Other instances may sign with a retired key until their next refresh; keep it published that much longer.
        retiredKeyRetentionSeconds: MAX_ACCESS_TOKEN_TTL_SECONDS + 3 * KEY_REFRESH_INTERVAL_SECONDS,
        logger,
      }),
    close: () => db.destroy(),
  };
}

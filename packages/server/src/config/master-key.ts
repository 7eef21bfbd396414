// Finds the master key that encrypts secrets at rest: from TESSERA_MASTER_KEY, else a generated key file in the data dir.
import { accessSync, chmodSync, constants, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSecretKey } from '../crypto/opaque-secret.js';
import { ConfigError } from './config-error.js';

export const MASTER_KEY_FILE = 'master.key';

export interface MasterKey {
  key: Buffer;
  /** Where the key came from; 'generated' means a new file was written just now. */
  source: 'environment' | 'file' | 'generated';
  file?: string;
}

/** Where a resolved key came from, as people name it (for errors). */
export function describeMasterKey(masterKey: MasterKey): string {
  return masterKey.source === 'environment' ? 'TESSERA_MASTER_KEY' : `key file ${masterKey.file}`;
}

/**
 * The key from the environment, else the data dir's key file. With `create` (serve, migrate) a missing file is
 * generated; without it (every other command) a missing key is an error, so a command run from the wrong directory
 * never makes a second key.
 */
export function resolveMasterKey(fromEnv: Buffer | undefined, dataDir: string, create = true): MasterKey {
  if (fromEnv) return { key: fromEnv, source: 'environment' };
  const file = join(dataDir, MASTER_KEY_FILE);
  if (create) ensureDataDir(dataDir);
  try {
    const text = readFileSync(file, 'utf8').trim();
    const key = Buffer.from(text, 'base64url');
    if (key.length !== 32) {
      throw new ConfigError('TESSERA_MASTER_KEY', `32 bytes in base64url in ${file}`, undefined);
    }
    // Tighten permissions left loose by hand.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { key, source: 'file', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!create) {
    throw new ConfigError(
      'TESSERA_MASTER_KEY',
      `set, or its key file present at ${file} (\`tessera serve\` creates it on first start)`,
      undefined,
    );
  }
  const key = generateSecretKey();
  // 'wx' fails if another process created the file first; then read theirs.
  try {
    writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return resolveMasterKey(undefined, dataDir, create);
    throw error;
  }
  return { key, source: 'generated', file };
}

/** Creates the data dir (mode 0700) if needed; one that cannot be created or written is a configuration error. */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code === 'EACCES' ||
      code === 'EPERM' ||
      code === 'EROFS' ||
      code === 'ENOTDIR' ||
      code === 'EEXIST'
    ) {
      throw new ConfigError(
        'TESSERA_DATA_DIR',
        `a directory Tessera can create and write to (${code})`,
        dataDir,
      );
    }
    throw error;
  }
}

// Finds the master key that encrypts secrets at rest: from TESSERA_MASTER_KEY, else a generated key file in the data dir.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error.js';

export const MASTER_KEY_FILE = 'master.key';

export interface MasterKey {
  key: Buffer;
  /** Where the key came from; 'generated' means a new file was written just now. */
  source: 'environment' | 'file' | 'generated';
  file?: string;
}

export function resolveMasterKey(fromEnv: Buffer | undefined, dataDir: string): MasterKey {
  if (fromEnv) return { key: fromEnv, source: 'environment' };
  const file = join(dataDir, MASTER_KEY_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
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
  const key = randomBytes(32);
  // 'wx' fails if another process created the file first; then read theirs.
  try {
    writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveMasterKey(undefined, dataDir);
    throw error;
  }
  return { key, source: 'generated', file };
}

// Starts a Tessera server in its own process on a fresh temp data dir, with one client-credentials client.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../lib/free-port.js';
import { spawnNode, stopChild } from '../lib/processes.js';
import { makeTempDir, removeTempDir } from '../lib/temp-dir.js';
import { waitForJson } from '../lib/wait-for-http.js';

const TESSERA_BIN = fileURLToPath(new URL('../../packages/server/dist/bin/tessera.js', import.meta.url));

/** Thrown when the server has not been built, so the runner can say so instead of failing obscurely. */
export class TesseraNotBuilt extends Error {}

export function assertTesseraBuilt() {
  if (!existsSync(TESSERA_BIN)) {
    throw new TesseraNotBuilt(`${TESSERA_BIN} does not exist: build the server first (npm run build)`);
  }
}

/** Why Tessera cannot be measured (it is not built), or undefined when it can. */
export function tesseraBuildProblem() {
  try {
    assertTesseraBuilt();
    return undefined;
  } catch (error) {
    if (!(error instanceof TesseraNotBuilt)) throw error;
    return error.message;
  }
}

async function createClient(env) {
  const args = [
    TESSERA_BIN,
    ...['clients', 'create', '--name', 'bench', '--grant-types', 'client_credentials'],
    ...['--scope', 'read write', '--audience', 'https://api.example.com', '--json'],
  ];
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, args, { env, timeout: 30_000 }));
  } catch (error) {
    throw new Error(
      `tessera clients create failed (${error.code ?? error.signal}):\n${error.stderr || error.message}`,
    );
  }
  const created = JSON.parse(stdout.trim().split('\n').at(-1));
  if (typeof created.client_id !== 'string' || typeof created.client_secret !== 'string') {
    throw new Error(`tessera clients create printed no client_id/client_secret: ${stdout}`);
  }
  return { clientId: created.client_id, clientSecret: created.client_secret };
}

export async function startTessera(alg) {
  assertTesseraBuilt();
  const dataDir = makeTempDir('tessera-bench-');
  let child;
  try {
    const port = await freePort();
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TESSERA_ISSUER: `http://127.0.0.1:${port}`,
      TESSERA_DATA_DIR: dataDir,
      TESSERA_SIGNING_ALG: alg,
      TESSERA_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      TESSERA_MASTER_KEY: randomBytes(32).toString('base64url'),
    };
    delete env.DATABASE_URL; // the bench always uses the SQLite file in its own temp dir
    const credentials = await createClient(env);
    child = spawnNode([TESSERA_BIN, 'serve'], { env });
    const discovery = await waitForJson(`http://127.0.0.1:${port}/.well-known/openid-configuration`, child, {
      label: 'tessera',
    });
    const stop = async () => {
      await stopChild(child);
      removeTempDir(dataDir);
    };
    return { child, credentials, tokenEndpoint: discovery.token_endpoint, dataDir, stop };
  } catch (error) {
    if (child) await stopChild(child);
    removeTempDir(dataDir);
    throw error;
  }
}

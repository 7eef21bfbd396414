// The one Tessera launcher of the benchmarks: its own process on a fresh temp data dir, with CLI-created users and client.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { spawnNode, stopChild } from './processes.js';
import { makeTempDir, removeTempDir } from './temp-dir.js';
import { waitForJson } from './wait-for-http.js';

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

/** Runs `tessera ...args` to completion (killed after `timeoutMs`) and returns its stdout. */
export async function tesseraCli(args, env, input, { timeoutMs = 30_000 } = {}) {
  const run = promisify(execFile);
  try {
    const child = run(process.execPath, [TESSERA_BIN, ...args], {
      env,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (input !== undefined) child.child.stdin.end(input);
    return (await child).stdout;
  } catch (error) {
    throw new Error(
      `tessera ${args.slice(0, 2).join(' ')} failed (${error.code ?? error.signal}):\n${error.stderr || error.message}`,
    );
  }
}

/** `tessera clients create … --json` for one client_secret_basic client; returns its id and secret. */
async function createClient(client, env, issuer) {
  const args = ['clients', 'create', '--name', client.name, '--grant-types', client.grantTypes];
  if (client.scope) args.push('--scope', client.scope);
  for (const uri of client.redirectUris ?? []) args.push('--redirect-uri', uri);
  if (client.audience)
    args.push(
      '--audience',
      typeof client.audience === 'function' ? client.audience(issuer) : client.audience,
    );
  if (client.firstParty) args.push('--first-party');
  const stdout = await tesseraCli([...args, '--json'], env);
  const created = JSON.parse(stdout.trim().split('\n').at(-1));
  if (typeof created.client_id !== 'string' || typeof created.client_secret !== 'string') {
    throw new Error(`tessera clients create printed no client_id/client_secret: ${stdout}`);
  }
  return { clientId: created.client_id, clientSecret: created.client_secret };
}

/**
 * alg: TESSERA_SIGNING_ALG, or the server's default (RS256);
 * users: [{ email, password }] created with `tessera users create --password-stdin`;
 * client: { name, grantTypes, scope?, redirectUris?, audience?, firstParty? } for `tessera clients create`, or none
 * (audience may be a function of the issuer, which is known only here);
 * setup: `async (cli, credentials) => …`, more CLI commands before the server starts (`cli(args)` runs `tessera args`),
 * e.g. roles and organizations for the client;
 * env: extra environment for the server (e.g. TESSERA_TRUSTED_PROXIES); nodeArgs: extra `node` flags for the
 * server process only (e.g. --cpu-prof); databaseUrl: a PostgreSQL database instead of SQLite in the data dir.
 * Resolves once discovery answers, with `stop()` that ends the server and deletes its data dir.
 */
export async function startTessera({
  alg,
  users = [],
  client,
  setup,
  env: extraEnv = {},
  nodeArgs = [],
  databaseUrl,
} = {}) {
  assertTesseraBuilt();
  const dataDir = makeTempDir('tessera-bench-');
  let child;
  try {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      TESSERA_ISSUER: issuer,
      TESSERA_DATA_DIR: dataDir,
      ...(alg ? { TESSERA_SIGNING_ALG: alg } : {}),
      TESSERA_LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      TESSERA_MASTER_KEY: randomBytes(32).toString('base64url'),
      ...extraEnv,
    };
    // The SQLite file in the bench's own temp dir unless the benchmark names a database of its own.
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else delete env.DATABASE_URL;
    // Only `serve` and `migrate` create the database; the CLI commands below need it to exist.
    await tesseraCli(['migrate'], env);
    for (const user of users) {
      await tesseraCli(
        ['users', 'create', '--email', user.email, '--password-stdin', '--json'],
        env,
        `${user.password}\n`,
      );
    }
    const credentials = client ? await createClient(client, env, issuer) : undefined;
    if (setup) await setup((args) => tesseraCli(args, env), credentials);
    child = spawnNode([...nodeArgs, TESSERA_BIN, 'serve'], { env });
    const discovery = await waitForJson(`${issuer}/.well-known/openid-configuration`, child, {
      label: 'tessera',
    });
    const stop = async () => {
      await stopChild(child);
      removeTempDir(dataDir);
    };
    return {
      child,
      issuer,
      discovery,
      tokenEndpoint: discovery.token_endpoint,
      credentials,
      dataDir,
      env,
      stop,
    };
  } catch (error) {
    if (child) await stopChild(child);
    removeTempDir(dataDir);
    throw error;
  }
}
